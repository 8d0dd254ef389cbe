namespace CudaImages.Model;

/// <summary>Where an image's CUDA packages come from: NVIDIA's apt repository or Debian's archive.</summary>
public sealed record PackageSource(
    string Id,
    string Description,
    string? Repository,
    bool ForwardCompatibility,
    IReadOnlyList<KeyValuePair<string, string>> Environment)
{
    /// <summary>NVIDIA's /usr/local/cuda layout in this source's images; null when the source gives none.</summary>
    public CudaLayout? Layout { get; init; }

    /// <summary>Every package at NVIDIA's exact version from images/nvidia-packages.yaml: a release × distro without one does not load.</summary>
    public bool Pinned { get; init; }

    /// <summary>The platforms this source has CUDA packages for, with their per-platform facts; linux/amd64 when images/ names none.</summary>
    public IReadOnlyList<SourcePlatform> Platforms { get; init; } = [new(Platform.Amd64, null, ForwardCompatibility)];

    /// <summary>This source's facts for <paramref name="platform"/>, or null when it has no packages for it.</summary>
    public SourcePlatform? For(Platform platform) => Platforms.FirstOrDefault(p => p.Platform == platform);
}
