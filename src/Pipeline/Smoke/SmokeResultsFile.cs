using System.Text.Json;
using CudaImages.Artifacts;

namespace CudaImages.Smoke;

/// <summary>artifacts/smoke/results.json: every check's result and the host it ran on, for reports and publishing.</summary>
public sealed record SmokeResultsFile(int SchemaVersion, string Host, IReadOnlyList<SmokeResult> Results)
{
    public const int CurrentSchema = 1;

    /// <summary>Relative to the artifacts folder.</summary>
    public const string RelativePath = "smoke/results.json";

    public static SmokeResultsFile From(SmokeHost host, IReadOnlyList<SmokeResult> results) =>
        new(CurrentSchema, host.Description, results);

    public void Write(string path) => ArtifactFile.Write(path, this);

    public static SmokeResultsFile Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist; run the SmokeTest target first", path);
        var file = JsonSerializer.Deserialize<SmokeResultsFile>(File.ReadAllText(path), ArtifactFile.Json)
            ?? throw new InvalidDataException($"{path} is empty; run the SmokeTest target again");
        if (file.SchemaVersion != CurrentSchema)
            throw new InvalidDataException($"{path} has schema version {file.SchemaVersion}, this build reads {CurrentSchema}; run the SmokeTest target again");
        return file;
    }
}
