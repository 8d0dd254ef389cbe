using System.Text;
using System.Text.Json;

namespace CudaImages.BuildEngine;

/// <summary>.nuke/build.schema.json, so editors complete and check .nuke/parameters*.json.</summary>
static class Schema
{
    public static string Json(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<Parameter> parameters)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            json.WriteString("title", "Build Schema");
            json.WriteStartObject("definitions");
            json.WriteStartObject("ExecutableTarget");
            json.WriteString("type", "string");
            WriteArray(json, "enum", targets.Select(target => target.Name));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("type", "object");
            json.WriteBoolean("additionalProperties", false);
            json.WriteStartObject("properties");
            json.WriteStartObject("$schema");
            json.WriteString("type", "string");
            json.WriteEndObject();
            foreach (var parameter in parameters.Where(InFiles))
                WriteParameter(json, parameter);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes only when the content changed, so the file's timestamp and git status stay quiet.</summary>
    public static void Update(AbsolutePath rootDirectory, string json)
    {
        var file = (rootDirectory / ".nuke").CreateDirectory() / "build.schema.json";
        if (!file.FileExists() || File.ReadAllText(file) != json)
            AtomicFile.WriteAllText(file, json);
    }

    static bool InFiles(Parameter parameter) =>
        parameter != BuiltInParameters.Help && parameter != BuiltInParameters.Plan && parameter != BuiltInParameters.Root;

    static void WriteParameter(Utf8JsonWriter json, Parameter parameter)
    {
        json.WriteStartObject(parameter.Name);
        if (parameter.IsArray)
        {
            json.WriteString("type", "array");
            json.WriteStartObject("items");
            WriteScalar(json, parameter);
            json.WriteEndObject();
        }
        else
            WriteScalar(json, parameter);
        if (parameter.Description is not null)
            json.WriteString("description", parameter.Description);
        json.WriteEndObject();
    }

    static void WriteScalar(Utf8JsonWriter json, Parameter parameter)
    {
        var scalar = parameter.ScalarType;
        if (parameter == BuiltInParameters.Target || parameter == BuiltInParameters.Skip)
        {
            json.WriteString("$ref", "#/definitions/ExecutableTarget");
            return;
        }
        json.WriteString("type", scalar == typeof(bool) ? "boolean" : scalar == typeof(int) || scalar == typeof(long) ? "integer" : "string");
        if (scalar.IsEnum)
            WriteArray(json, "enum", ValueConverter.EnumValues(scalar));
    }

    static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
