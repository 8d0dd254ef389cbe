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

    public static SmokeResultsFile Read(string path) => ArtifactFile.Read<SmokeResultsFile>(path, CurrentSchema, "SmokeTest");
}
