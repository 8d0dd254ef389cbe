using System.Text.Json.Serialization;
using CudaImages.Artifacts;
using CudaImages.IO;

namespace CudaImages.Building;

[JsonConverter(typeof(JsonStringEnumConverter<ImageBuildStatus>))]
public enum ImageBuildStatus { Built, Skipped, Failed, NotRun, CurrentInRegistry }

/// <summary>
/// What happened to one image in a build run; artifacts/build.json holds one per image. CurrentInRegistry: the fixed tag in
/// Registry already holds this input hash on this parent, as RegistryDigest, and ImageId is its config digest; it was not
/// rebuilt and is in the engine only when a child had to be built on it.
/// </summary>
public sealed record ImageBuildRecord(
    string Tag,
    string Reference,
    ImageBuildStatus Status,
    string? ImageId,
    string InputHash,
    string? ParentImageId,
    double DurationSeconds,
    string? Log,
    string? Note,
    string? FailedStep = null,
    IReadOnlyList<string>? LastLines = null)
{
    /// <summary>BuildImages found it current in <paramref name="registry"/> (a repository, e.g. localhost:5000/cuda): not rebuilt, not pulled.</summary>
    public bool IsCurrentIn(string registry) => this is { Status: ImageBuildStatus.CurrentInRegistry, ImageId: not null } && Registry == registry;

    /// <summary>The hash of the packages the image's chain installed, as locked (label package-set); null for a distro without a lock.</summary>
    public string? PackageSet { get; init; }

    public string? Registry { get; init; }

    public string? RegistryDigest { get; init; }
}

/// <summary>artifacts/build.json: the latest record of every image built here, merged across runs.</summary>
public sealed record BuildFile(int SchemaVersion, IReadOnlyList<ImageBuildRecord> Images)
{
    public const int CurrentSchema = 1;

    public const string RelativePath = "build.json";

    /// <summary>No file yet means no image built yet.</summary>
    public static BuildFile Read(string path) =>
        RegularFile.Inspect(path).Kind == FileKind.Missing ? new BuildFile(CurrentSchema, []) : ArtifactFile.Read<BuildFile>(path, CurrentSchema, "BuildImages");

    /// <summary>Replaces the records of this run's images, keeps the others, writes atomically.</summary>
    public static void Merge(string path, IReadOnlyList<ImageBuildRecord> records)
    {
        var kept = Read(path).Images.Where(old => records.All(r => r.Tag != old.Tag));
        ArtifactFile.Write(path, new BuildFile(CurrentSchema, kept.Concat(records).OrderBy(r => r.Tag, StringComparer.Ordinal).ToList()));
    }
}
