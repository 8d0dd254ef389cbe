using System.Text.Json;
using System.Text.Json.Serialization;

namespace CudaImages.Artifacts;

/// <summary>
/// The JSON files under artifacts/ share one shape — camelCase, indented, nulls left out — and are written
/// whole or not at all, so a later step or an interrupted run never reads half a file.
/// </summary>
public static class ArtifactFile
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write<T>(string path, T value, JsonSerializerOptions? options = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(value, options ?? Json) + "\n");
        File.Move(temp, path, overwrite: true);
    }
}
