using System.Reflection;

namespace CudaImages.BuildEngine;

/// <summary>A value the build accepts: a [Parameter] member of the build class, or one of the engine's own (Member is null).</summary>
sealed record Parameter(string Name, string? Description, Type Type, bool IsSecret, MemberInfo? Member)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The smallest number accepted (ParameterAttribute.Minimum); null for no limit.</summary>
    public long? Minimum { get; init; }

    /// <summary>A list parameter that means something when typed with no values (--skip alone: skip all not named).</summary>
    public bool MayBeEmpty { get; init; }

    public bool IsBuiltIn => Member is null;

    public string DashedName => "--" + Names.Kebab(Name);

    /// <summary>The environment variable to mention in messages; others are accepted too (see EnvironmentSource).</summary>
    public string EnvironmentName => (IsBuiltIn ? "NUKE_" : "") + Names.UpperSnake(Name);

    /// <summary>The type without Nullable or array around it.</summary>
    public Type ScalarType => ValueConverter.ScalarType(Type);

    public bool IsArray => Type.IsArray;

    public bool IsFlag => ScalarType == typeof(bool) && !IsArray;

    /// <summary>Only text is masked: masking a secret number or flag would blank every "0" or "True" in the log.</summary>
    public bool IsSecretText => IsSecret && ScalarType == typeof(string);

    /// <summary>Whether a name as typed (without leading dashes) means this parameter.</summary>
    public bool Matches(string typedName) =>
        Names.Comparable(typedName) == Names.Comparable(Name) || Aliases.Contains(typedName);

    public static IReadOnlyList<Parameter> DeclaredBy(Type buildType)
    {
        const BindingFlags members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var parameters = new List<Parameter>();
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
        {
            var declared = type.GetMembers(members)
                .Where(member => member is FieldInfo or PropertyInfo && member.GetCustomAttribute<ParameterAttribute>() is not null)
                .OrderBy(member => member.MetadataToken)
                .Select(From);
            parameters.InsertRange(0, declared);
        }
        return parameters.DistinctBy(parameter => parameter.Name).ToList();
    }

    static Parameter From(MemberInfo member)
    {
        var attribute = member.GetCustomAttribute<ParameterAttribute>()!;
        var type = member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;
        if (!ValueConverter.Supports(type))
            throw new BuildInputException($"Parameter {member.Name} has type {type.Name}, which the build engine cannot read from text.");
        var secret = member.GetCustomAttribute<SecretAttribute>() is not null;
        return new Parameter(attribute.Name ?? member.Name, attribute.Description?.TrimEnd('.'), type, secret, member)
        {
            Minimum = attribute.Minimum == long.MinValue ? null : attribute.Minimum,
        };
    }
}
