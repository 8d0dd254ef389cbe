namespace CudaImages.Model;

/// <summary>Settings of matrix.yaml that apply to every image.</summary>
public sealed record MatrixSettings(string Repository, string SourceUrl, string LabelPrefix)
{
    /// <summary>The generated GitHub Actions workflow's schedule, runners and registry (matrix.yaml, <c>workflow:</c>).</summary>
    public WorkflowSettings Workflow { get; init; } = WorkflowSettings.Default(Repository);
}

/// <summary>Everything images/ declares, loaded and validated.</summary>
public sealed record ImageMatrix(
    string ImagesDirectory,
    MatrixSettings Settings,
    IReadOnlyList<CudaRelease> Releases,
    IReadOnlyList<string> Brands,
    IReadOnlyList<PackageSource> Sources,
    IReadOnlyList<Distro> Distros,
    IReadOnlyList<Flavor> Flavors,
    IReadOnlyList<MatrixRule> Excludes,
    IReadOnlyList<MatrixRule> Includes,
    Rendering.DockerfileTemplates Templates)
{
    /// <summary>The smoke checks the flavors were validated against.</summary>
    public required SmokeCheckCatalogue SmokeChecks { get; init; }

    /// <summary>What NVIDIA's images install, per release and distro of a pinned package source (nvidia-packages.yaml).</summary>
    public IReadOnlyList<PinnedPackages> Pins
    {
        get => pins;
        init
        {
            pins = value;
            pinsByRelease = [];
            foreach (var entry in value) pinsByRelease.TryAdd((entry.Cuda, entry.Distro), entry);
        }
    }

    readonly IReadOnlyList<PinnedPackages> pins = [];

    // Asked for every release × distro × flavor: a search of the list made planning a large matrix quadratic.
    readonly Dictionary<(string Cuda, string Distro), PinnedPackages> pinsByRelease = [];

    /// <summary>The brand lists of NVIDIA_REQUIRE_CUDA by the first CUDA line using each (cuda.yaml brands_since); earlier releases use <see cref="Brands"/>.</summary>
    public IReadOnlyList<(Semver.SemVersion Since, IReadOnlyList<string> Brands)> BrandsSince { get; init; } = [];

    public IReadOnlyList<string> BrandsFor(CudaRelease cuda) =>
        BrandsSince.Where(b => cuda.Version.ComparePrecedenceTo(b.Since) >= 0).Select(b => b.Brands).LastOrDefault() ?? Brands;

    public PinnedPackages? PinsFor(CudaRelease cuda, Distro distro) => pinsByRelease.GetValueOrDefault((cuda.Full, distro.Id));

    /// <summary>Whether the matrix has this image: not excluded, its framework built for the release, its cuDNN family shipped by NVIDIA for it.</summary>
    public bool Has(CudaRelease cuda, Distro distro, Flavor flavor) =>
        ExcludedBy(cuda, distro, flavor) is null
        && (flavor.Framework is not { } fw || fw.Supports(cuda))
        && (flavor.CudnnFamily is null || !distro.Source.Pinned || PinsFor(cuda, distro)?.CudnnFamily == flavor.CudnnFamily);

    /// <summary>images/locks/: the package versions each distro's images install. A distro without a lock file installs what the archive offers.</summary>
    public IReadOnlyList<Locking.LockFile> Locks { get; init; } = [];

    /// <summary>Lock files that did not parse, when images/ was loaded for ./build.sh Lock to write them again; empty otherwise.</summary>
    public IReadOnlyList<MatrixError> UnreadableLocks { get; init; } = [];

    public Locking.LockFile? LockOf(Distro distro) => Locks.FirstOrDefault(l => l.Distro == distro.Id);

    public CudaRelease Release(Semver.SemVersion version) =>
        Releases.First(r => r.Version.ComparePrecedenceTo(version) == 0);

    public Flavor Flavor(string id) => Flavors.First(f => f.Id == id);

    /// <summary>Why a combination is left out of the matrix, or null when it is in.</summary>
    public MatrixRule? ExcludedBy(CudaRelease cuda, Distro distro, Flavor flavor)
    {
        var exclude = Excludes.FirstOrDefault(r => r.Matches(cuda, distro, flavor));
        return exclude is not null && !Includes.Any(r => r.Matches(cuda, distro, flavor)) ? exclude : null;
    }
}
