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

    public static void Write<T>(string path, T value, JsonSerializerOptions? options = null) =>
        WriteText(path, JsonSerializer.Serialize(value, options ?? Json) + "\n");

    /// <summary>Writes a whole text file through a temporary one beside it.</summary>
    public static void WriteText(string path, string text) => WriteBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes a whole file through a temporary one beside it.</summary>
    public static void WriteBytes(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads an artifact another target wrote; a missing, empty or other-schema file names the target to run.</summary>
    public static T Read<T>(string path, int schema, Func<T, int> schemaOf, string target)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist; run the {target} target first", path);
        T? file;
        try
        {
            file = JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a {target} artifact: {e.Message}; run the {target} target again", e);
        }
        if (file is null)
            throw new InvalidDataException($"{path} is empty; run the {target} target again");
        if (schemaOf(file) != schema)
            throw new InvalidDataException($"{path} has schema version {schemaOf(file)}, this build reads {schema}; run the {target} target again");
        return file;
    }
}
