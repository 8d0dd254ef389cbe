using System.Globalization;

namespace CudaImages.BuildEngine;

/// <summary>Turns the text of a parameter (from any source) into the member's type, or says what was expected.</summary>
static class ValueConverter
{
    static readonly Type[] Scalars = [typeof(string), typeof(int), typeof(long), typeof(bool), typeof(AbsolutePath)];

    public static Type ScalarType(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return Nullable.GetUnderlyingType(element) ?? element;
    }

    public static bool Supports(Type type) => ScalarType(type) is var scalar && (scalar.IsEnum || Scalars.Contains(scalar));

    /// <summary>Enum values as typed on the command line: BuildAndPush is build-and-push.</summary>
    public static IReadOnlyList<string> EnumValues(Type enumType) => Enum.GetNames(enumType).Select(Names.Kebab).ToList();

    /// <summary>What the parameter accepts, for help, schema and error messages.</summary>
    public static string Expected(Type type)
    {
        var scalar = ScalarType(type);
        var one = scalar.IsEnum ? string.Join('|', EnumValues(scalar))
            : scalar == typeof(int) || scalar == typeof(long) ? "number"
            : scalar == typeof(bool) ? "true|false"
            : scalar == typeof(AbsolutePath) ? "path"
            : "text";
        return type.IsArray ? one + "[]" : one;
    }

    public static object? Convert(Parameter parameter, RawValue raw)
    {
        var scalar = ScalarType(parameter.Type);
        if (parameter.IsArray)
        {
            if (raw.Values.Count == 0 && raw.FromCommandLine && !parameter.MayBeEmpty)
                throw new BuildInputException($"{parameter.DashedName} needs a value ({Expected(parameter.Type)}); give one after it or leave it out.");
            // "12, 12.4" and "12 12.4" alike (a workflow_dispatch input is one string); paths may hold spaces.
            char[] separators = scalar == typeof(AbsolutePath) ? [','] : [',', ' ', '\t', '\n', '\r'];
            var items = raw.Values
                .SelectMany(value => value.Split(separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Select(item => ConvertOne(parameter, scalar, item, raw))
                .ToArray();
            var array = Array.CreateInstance(parameter.Type.GetElementType()!, items.Length);
            Array.Copy(items, array, items.Length);
            return array;
        }

        if (raw.Values.Count != 1)
        {
            throw new BuildInputException(raw.Values.Count == 0
                ? $"{parameter.DashedName} needs a value ({Expected(parameter.Type)}){raw.FromWhere}."
                : $"{parameter.DashedName} takes one value, got {raw.Values.Count}{raw.FromWhere}.");
        }
        return ConvertOne(parameter, scalar, raw.Values[0], raw);
    }

    static object ConvertOne(Parameter parameter, Type scalar, string text, RawValue raw)
    {
        object? value = scalar switch
        {
            _ when scalar == typeof(string) => text,
            _ when scalar == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null,
            _ when scalar == typeof(long) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null,
            _ when scalar == typeof(bool) => bool.TryParse(text, out var flag) ? flag : null,
            _ when scalar == typeof(AbsolutePath) => AbsolutePath.Create(text, raw.RelativeTo),
            _ when scalar.IsEnum => Enum.GetNames(scalar).FirstOrDefault(name => Names.Comparable(name) == Names.Comparable(text))
                is { } name ? Enum.Parse(scalar, name) : null,
            _ => null,
        };
        var shown = parameter.IsSecret ? "***" : text;
        if (value is null)
            throw new BuildInputException($"Invalid value '{shown}' for {parameter.DashedName}{raw.FromWhere}: expected {Accepted(scalar)}.");
        if (parameter.Minimum is { } minimum && value is int or long && System.Convert.ToInt64(value, CultureInfo.InvariantCulture) < minimum)
            throw new BuildInputException($"Invalid value '{shown}' for {parameter.DashedName}{raw.FromWhere}: expected a whole number of at least {minimum}.");
        return value;
    }

    static string Accepted(Type scalar) =>
        scalar.IsEnum ? "one of " + string.Join(", ", EnumValues(scalar))
        : scalar == typeof(bool) ? "true or false"
        : scalar == typeof(int) ? "a whole number"
        : scalar == typeof(long) ? "a whole number"
        : Expected(scalar);
}
