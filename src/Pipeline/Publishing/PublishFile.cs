using CudaImages.Artifacts;
using CudaImages.IO;

namespace CudaImages.Publishing;

/// <summary>
/// One image in the registry: its fixed tag and floating aliases, the manifest digest read back from the
/// registry, and the compressed size the manifest declares (config + layers).
/// </summary>
public sealed record PublishedImage(
    string Tag,
    string Repository,
    string ImageId,
    string Digest,
    long CompressedBytes,
    IReadOnlyList<string> Aliases,
    DateTimeOffset PublishedAt)
{
    /// <summary>BuildImages found this image current in the registry: not rebuilt, not pushed; its checks passed when it was published.</summary>
    public bool CurrentInRegistry { get; init; }
}

/// <summary>An image of the selection that was not published, and why (smoke check failed, not built...).</summary>
public sealed record PublishSkip(string Tag, string Reason);

/// <summary>artifacts/publish.json: what is in the registry after Publish, read by MeasureSizes and Report.</summary>
public sealed record PublishFile(int SchemaVersion, string Registry, IReadOnlyList<PublishedImage> Images, IReadOnlyList<PublishSkip> Skipped)
{
    public const int CurrentSchema = 1;
    public const string RelativePath = "publish.json";

    public PublishedImage? Find(string tag) => Images.FirstOrDefault(i => i.Tag == tag);

    public void Write(string path) => ArtifactFile.Write(path, this);

    public static PublishFile Read(string path) => ArtifactFile.Read<PublishFile>(path, CurrentSchema, "Publish");

    public static PublishFile? ReadIfExists(string path) => RegularFile.Inspect(path).Kind == FileKind.Missing ? null : Read(path);
}
