using System.Text.Json;

namespace CudaImages.Publishing;

/// <summary>Reading the few fields of OCI JSON (manifests, indexes) that attachments need, with one error for anything else.</summary>
static class OciJson
{
    /// <exception cref="RegistryException">The bytes are not a JSON object.</exception>
    public static JsonElement Parse(byte[] body, string where)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object) return json.RootElement.Clone();
        }
        catch (JsonException)
        {
        }
        throw new RegistryException($"{where}: the registry answered with something that is not an OCI JSON object");
    }

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];

    public static IReadOnlyDictionary<string, string> Annotations(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("annotations", out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : new Dictionary<string, string>();
}
