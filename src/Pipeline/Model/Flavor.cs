namespace CudaImages.Model;

/// <summary>
/// A kind of image in the chain base → runtime → devel, or a framework image on top of one of them.
/// Packages are keyed by distro or by package source; the distro's own list wins.
/// </summary>
public sealed record Flavor(
    string Id,
    string Description,
    string? Parent,
    string Template,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Packages,
    IReadOnlyList<string> Libraries,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    IReadOnlyList<string> SmokeChecks,
    long? SizeBudgetBytes,
    Framework? Framework)
{
    /// <summary>Smoke checks that must have passed — not merely not failed — before an image of this flavor is published.</summary>
    public IReadOnlyList<string> PublishRequires { get; init; } = [];

    /// <summary>Packages held with apt-mark hold after install, keyed like <see cref="Packages"/>: an upgrade must not swap them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Holds { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The cuDNN tag family (cudnn8, cudnn9, cudnn) this flavor belongs to: built where NVIDIA ships that family.</summary>
    public string? CudnnFamily { get; init; }

    /// <summary>False where the flavor's packages come from the distro's archive: a pinned source then installs them as named.</summary>
    public bool Pinned { get; init; } = true;

    public IReadOnlyList<string>? PackagesFor(Distro distro) => ByDistro(Packages, distro);

    public IReadOnlyList<string> HoldsFor(Distro distro) => ByDistro(Holds, distro) ?? [];

    static IReadOnlyList<string>? ByDistro(IReadOnlyDictionary<string, IReadOnlyList<string>> lists, Distro distro) =>
        lists.TryGetValue(distro.Id, out var own) ? own
        : lists.TryGetValue(distro.Source.Id, out var shared) ? shared
        : null;
}

/// <summary>A framework a flavor ships, with its version per CUDA line or per distro.</summary>
public sealed record Framework(
    string Name,
    IReadOnlyDictionary<string, string> Versions,
    IReadOnlyDictionary<string, FrameworkWheel> Wheels)
{
    public const string FromPackages = "packages";
    public const string FromWheels = "wheels";

    /// <summary>Which CUDA libraries the framework loads: the image's apt packages, or the nvidia-* wheels it installs with itself.</summary>
    public string CudaLibrariesFrom { get; init; } = FromPackages;

    /// <summary>Frameworks installed from wheels exist only for the CUDA lines that have wheels.</summary>
    public bool Supports(CudaRelease cuda) => Wheels.Count == 0 || Wheels.ContainsKey(cuda.Line);

    public string? VersionFor(CudaRelease cuda, Distro distro) =>
        Wheels.TryGetValue(cuda.Line, out var wheel) ? wheel.Version
        : Versions.TryGetValue(distro.Id, out var v) ? v
        : Versions.TryGetValue(cuda.Line, out var byLine) ? byLine
        : null;
}

/// <summary>A framework release and the wheel index that holds its build for one CUDA line.</summary>
public sealed record FrameworkWheel(string Version, string Index);
