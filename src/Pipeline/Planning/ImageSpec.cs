using CudaImages.Model;
using CudaImages.Rendering;

namespace CudaImages.Planning;

/// <summary>
/// One image of the plan for one platform: what it is, what it builds FROM, and how. <see cref="Tag"/> is its local tag,
/// unique in the plan (the published tag, with "-arm64" after it for arm64); <see cref="PublishedTag"/> is the tag users
/// pull, shared by the image's platforms.
/// </summary>
public sealed record ImageSpec(
    string Tag,
    string Reference,
    IReadOnlyList<string> Aliases,
    string Flavor,
    string? Parent,
    CudaRelease Cuda,
    Distro Distro,
    string BaseImage,
    IReadOnlyList<string> Packages,
    IReadOnlyList<string> Libraries,
    IReadOnlyList<string> SmokeChecks,
    long? SizeBudgetBytes,
    string? Framework,
    string? FrameworkVersion,
    string RequireCuda,
    IReadOnlyDictionary<string, string> Labels,
    string Dockerfile,
    IReadOnlyList<ContextFile> Context,
    string InputHash)
{
    /// <summary>Whether a smoke check of this image proves something only on a GPU runner.</summary>
    public bool NeedsGpu { get; init; }

    /// <summary>What this image's install step adds, from images/locks/; null for a distro without a lock file.</summary>
    public Locking.ImageLock? Lock { get; init; }

    /// <summary>The packages the install steps of this image and its ancestors installed, as locked; null without a lock.</summary>
    public IReadOnlyList<Locking.LockedPackage>? LockedSet { get; init; }

    /// <summary>The hash of <see cref="LockedSet"/> (label package-set): equal values, equal package versions; null without a lock.</summary>
    public string? PackageSet => LockedSet is null ? null : LockedPackages.Hash(LockedSet);

    /// <summary>Where the framework's CUDA libraries come from (packages or wheels); null for an image without a framework.</summary>
    public string? CudaLibrariesFrom { get; init; }

    /// <summary>The platform this image is built for.</summary>
    public Platform Platform { get; init; } = Platform.Amd64;

    /// <summary>The tag under which Publish puts the image (an OCI index of its platforms when there are several).</summary>
    public string PublishedTag { get; init; } = Tag;

    public string ShortHash => Digests.Hex12(InputHash);
}

/// <summary>The images to build, parents before children.</summary>
public sealed record BuildPlan(string Repository, IReadOnlyList<ImageSpec> Images)
{
    public ImageSpec? Find(string tag) => Images.FirstOrDefault(i => i.Tag == tag);

    /// <summary>
    /// Whether Publish puts the image as one platform of an OCI index: its published tag has other platforms in this plan,
    /// or it is another platform's (arm64) image. Otherwise it is pushed under its own tag.
    /// </summary>
    public bool PublishedInIndex(ImageSpec image) =>
        image.Tag != image.PublishedTag || Images.Any(i => i.PublishedTag == image.PublishedTag && i.Tag != image.Tag);
}
