namespace CudaImages.Rendering;

/// <summary>
/// A template model with every character that can change a Dockerfile's instructions — line breaks of any kind,
/// double quotes, backslashes — replaced by '_': rendered, it gives the instructions the template means to write.
/// </summary>
public static class HarmlessValues
{
    public static Dictionary<string, object?> Of(Dictionary<string, object?> model, out bool changed)
    {
        var any = false;
        var copy = (Dictionary<string, object?>)Copy(model, ref any)!;
        changed = any;
        return copy;
    }

    static object? Copy(object? value, ref bool changed)
    {
        switch (value)
        {
            case string text:
                var harmless = Harmless(text);
                changed |= !ReferenceEquals(harmless, text);
                return harmless;
            case IDictionary<string, object?> map:
                var mapCopy = new Dictionary<string, object?>();
                foreach (var (key, item) in map) mapCopy[key] = Copy(item, ref changed);
                return mapCopy;
            case IEnumerable<string> texts:
                var textsCopy = new List<string>();
                foreach (var item in texts) textsCopy.Add((string)Copy(item, ref changed)!);
                return textsCopy;
            case System.Collections.IEnumerable items:
                var itemsCopy = new List<object?>();
                foreach (var item in items) itemsCopy.Add(Copy(item, ref changed));
                return itemsCopy;
            default:
                return value;
        }
    }

    static string Harmless(string text) =>
        text.Any(IsStructural) ? new string(text.Select(c => IsStructural(c) ? '_' : c).ToArray()) : text;

    static bool IsStructural(char c) =>
        c is '"' or '\\' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Control
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
}
