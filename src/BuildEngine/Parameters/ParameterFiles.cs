using System.Text.Json;

namespace CudaImages.BuildEngine;

/// <summary>Reads .nuke/parameters.json and .nuke/parameters.NAME.json for each --profile; keys are member names, as in Nuke.</summary>
static class ParameterFiles
{
    /// <summary>Profiles named on the command line win over a "Profile" entry in parameters.json.</summary>
    /// <remarks>Each file's secret values go to <paramref name="addSecret"/> as soon as it is read, before any of it is checked.</remarks>
    public static FileSource Load(AbsolutePath rootDirectory, IReadOnlyList<string>? profiles, IReadOnlyList<Parameter> parameters, Action<string> addSecret)
    {
        var values = new Dictionary<Parameter, RawValue>();
        var defaultFile = rootDirectory / ".nuke" / "parameters.json";
        if (defaultFile.FileExists())
            Add(values, rootDirectory, defaultFile, parameters, addSecret, allowProfile: true);

        profiles ??= values.Remove(BuiltInParameters.Profile, out var fromFile) ? fromFile.Values : [];
        foreach (var profile in profiles)
            Add(values, rootDirectory, ProfileFile(rootDirectory, profile), parameters, addSecret, allowProfile: false);
        values.Remove(BuiltInParameters.Profile);
        return new FileSource(values);
    }

    static void Add(
        Dictionary<Parameter, RawValue> values,
        AbsolutePath rootDirectory,
        AbsolutePath file,
        IReadOnlyList<Parameter> parameters,
        Action<string> addSecret,
        bool allowProfile)
    {
        var allowed = parameters.Where(p => BuiltInParameters.AllowedInFiles(p) || (allowProfile && p == BuiltInParameters.Profile)).ToList();
        var entries = Read(file);
        foreach (var (_, texts) in entries.Where(entry => parameters.Any(p => p.IsSecretText && p.Matches(entry.Key))))
            texts.ToList().ForEach(addSecret);
        foreach (var (key, texts) in entries)
        {
            var parameter = allowed.FirstOrDefault(p => p.Matches(key))
                ?? throw new BuildInputException(Suggestions.Unknown(
                    $"parameter '{key}' in {Relative(rootDirectory, file)}", key, allowed.Select(p => p.Name)));
            values[parameter] = new RawValue(texts, Relative(rootDirectory, file), rootDirectory);
        }
    }

    static AbsolutePath ProfileFile(AbsolutePath rootDirectory, string profile)
    {
        var file = rootDirectory / ".nuke" / $"parameters.{profile}.json";
        return file.FileExists()
            ? file
            : throw new BuildInputException($"Profile '{profile}' not found: expected {Relative(rootDirectory, file)}.");
    }

    static IReadOnlyList<(string Key, IReadOnlyList<string> Values)> Read(AbsolutePath file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new BuildInputException($"{file} is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new BuildInputException($"{file} must hold one JSON object of parameter names and values.");
            return document.RootElement.EnumerateObject()
                .Where(property => property.Name != "$schema" && property.Value.ValueKind != JsonValueKind.Null)
                .Select(property => (property.Name, Texts(property.Value)))
                .ToList();
        }
    }

    static IReadOnlyList<string> Texts(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Texts).ToList(),
        JsonValueKind.String => [value.GetString()!],
        _ => [value.GetRawText()],
    };

    static string Relative(AbsolutePath rootDirectory, AbsolutePath file) =>
        Path.GetRelativePath(rootDirectory, file).Replace('\\', '/');
}
