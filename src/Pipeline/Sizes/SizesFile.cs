using System.Text.Json;
using System.Text.Json.Serialization;
using CudaImages.Artifacts;

namespace CudaImages.Sizes;

/// <summary>Where a compressed size comes from: the registry's manifest (exact) or our own estimate before publishing.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CompressedSource>))]
public enum CompressedSource { Registry, Estimate }

/// <summary>A compressed size and how it was obtained, e.g. "gzip -1 of each layer tar" for an estimate.</summary>
public sealed record CompressedSize(long Bytes, CompressedSource Source, string Method);

/// <summary>One file a layer adds, by size.</summary>
public sealed record FileSize(string Path, long Bytes);

/// <summary>One Debian package a layer installs, by its Installed-Size.</summary>
public sealed record PackageSize(string Name, string Version, long Bytes);

/// <summary>
/// One layer of an image: the instruction that made it, whether the parent image already has it,
/// which other images of the matrix share it, and (for layers the image adds) what makes it big.
/// </summary>
public sealed record LayerSize(
    string DiffId,
    long Bytes,
    string CreatedBy,
    bool FromParent,
    IReadOnlyList<string> SharedWith,
    long? CompressedBytes,
    IReadOnlyList<FileSize> LargestFiles,
    IReadOnlyList<PackageSize> LargestPackages);

/// <summary>One image's size: uncompressed, added over its parent, compressed, its budget, and its layers.</summary>
public sealed record ImageSize(
    string Tag,
    string Reference,
    string ImageId,
    string Flavor,
    string Cuda,
    string Distro,
    string? Parent,
    long UncompressedBytes,
    long AddedBytes,
    CompressedSize? Compressed,
    long? BudgetBytes,
    IReadOnlyList<LayerSize> Layers)
{
    public long? OverBudgetBytes => BudgetBytes is { } budget && UncompressedBytes > budget ? UncompressedBytes - budget : null;

    /// <summary>What a reader should know to trust the figures, e.g. that the image was built on an older parent.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// Every Debian package installed in the image (name:architecture → version), from the dpkg status of its topmost layer
    /// that carries one; null when no layer does or one of its layers could not be read. What release notes compare.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Packages { get; init; }
}

/// <summary>An image of the selection that could not be measured, and why (not built...).</summary>
public sealed record UnmeasuredImage(string Tag, string Reference, string Reason);

/// <summary>artifacts/sizes.json: what MeasureSizes measured, read by Report and as a --baseline by later runs.</summary>
public sealed record SizesFile(int SchemaVersion, DateTimeOffset MeasuredAt, IReadOnlyList<ImageSize> Images)
{
    /// <summary>Images of the selection that are not in <see cref="Images"/>, with the reason.</summary>
    public IReadOnlyList<UnmeasuredImage> NotMeasured { get; init; } = [];

    public const int CurrentSchema = 1;
    public const string RelativePath = "sizes.json";

    public void Write(string path) => ArtifactFile.Write(path, this);

    public static SizesFile Read(string path) => ArtifactFile.Read<SizesFile>(path, CurrentSchema, "MeasureSizes");
}
