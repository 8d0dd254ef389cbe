using System.Reflection;

namespace CudaImages.BuildEngine;

/// <summary>Reads and writes [Parameter] members, including readonly fields and get-only auto-properties.</summary>
static class ParameterInjection
{
    public static void Set(object build, Parameter parameter, object? value)
    {
        switch (parameter.Member)
        {
            case FieldInfo field:
                field.SetValue(build, value);
                break;
            case PropertyInfo { CanWrite: true } property:
                property.SetValue(build, value);
                break;
            case PropertyInfo property:
                var backingField = property.DeclaringType!.GetField($"<{property.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new BuildInputException($"Parameter {property.Name} is a property without a setter or backing field; make it a field or an auto-property.");
                backingField.SetValue(build, value);
                break;
        }
    }

    public static object? Get(object build, Parameter parameter) => parameter.Member switch
    {
        FieldInfo field => field.GetValue(build),
        PropertyInfo property => property.GetValue(build),
        _ => null,
    };
}
