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
    IReadOnlyList<SemVersion> Cuda);
