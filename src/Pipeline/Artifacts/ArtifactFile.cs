using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CudaImages.IO;

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

    public static void Write<T>(string path, T value, JsonSerializerOptions? options = null) => WriteText(path, Serialize(value, options));

    /// <summary>The text <see cref="Write"/> puts in a file.</summary>
    public static string Serialize<T>(T value, JsonSerializerOptions? options = null) => JsonSerializer.Serialize(value, options ?? Json) + "\n";

    /// <summary>Writes a whole text file through a temporary one beside it.</summary>
    public static void WriteText(string path, string text) => WriteBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes a whole file through a temporary one beside it.</summary>
    public static void WriteBytes(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Unique per writer: two runs writing the same artifact never share (or delete) each other's temporary file.
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Far above any real artifact: a bigger file is refused rather than read into memory.</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>Reading is strict where writing is lenient: a field that is neither nullable nor optional must be there and not null.</summary>
    static readonly JsonSerializerOptions Strict = new(Json)
    {
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireConstructorParameters } },
    };

    static void RequireConstructorParameters(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
            if (property.AssociatedParameter is { HasDefaultValue: false, IsNullable: false })
                property.IsRequired = true;
    }

    /// <summary>
    /// Reads an artifact another target wrote, or a user passed: a regular file of bounded size, of this schema version,
    /// with every required field. A missing file is a FileNotFoundException, anything else an InvalidDataException
    /// naming the file (and the field or version) and the target to run.
    /// </summary>
    public static T Read<T>(string path, int schema, string target)
    {
        byte[] bytes;
        try
        {
            bytes = RegularFile.ReadAllBytes(path, MaxBytes);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"{path} does not exist; run the {target} target first", path, e);
        }
        if (bytes.Length == 0)
            throw new InvalidDataException($"{path} is empty; run the {target} target again");
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var version = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("schemaVersion", out var field) && field.TryGetInt32(out var number) ? number : (int?)null;
            if (version is null)
                throw new InvalidDataException($"{path} has no schemaVersion, so it is not a {target} artifact; run the {target} target again");
            if (version != schema)
                throw new InvalidDataException($"{path} has schema version {version}, this build reads {schema}; run the {target} target again");
            return document.Deserialize<T>(Strict) ?? throw new InvalidDataException($"{path} is empty; run the {target} target again");
        }
        catch (JsonException e)
        {
            // The message names the field: "missing required properties including: 'tag'", "'tag' ... doesn't allow null", with its JSON path.
            throw new InvalidDataException($"{path} is not a {target} artifact: {e.Message} Run the {target} target again.", e);
        }
    }
}
