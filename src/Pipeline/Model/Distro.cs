using Semver;

namespace CudaImages.Model;

/// <summary>How to make a distro's base image without a registry.</summary>
public sealed record Bootstrap(string Suite, string Variant, IReadOnlyList<string> Components, string? Mirror, long SourceDateEpoch);

/// <summary>An operating system the matrix builds on, and the CUDA releases it offers.</summary>
public sealed record Distro(
    string Id,
    string Name,
    string BaseImage,
    PackageSource Source,
    string? NvidiaRepo,
    Bootstrap? Bootstrap,
    IReadOnlyList<string> DriverPlaceholder,
    IReadOnlyList<SemVersion> Cuda)
{
    /// <summary>The platforms this distro's images are built for: its own <c>platforms:</c> list, else every platform of its package source.</summary>
    public IReadOnlyList<Platform> Platforms { get; init; } = [.. Source.Platforms.Select(p => p.Platform)];

    /// <summary>The local name of this distro's base image for a platform: debian:12 for linux/amd64, debian:12-arm64 for arm64.</summary>
    public string BaseImageFor(Platform platform) => BaseImage + platform.TagSuffix;
}
