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

    /// <summary>images/locks/: the package versions each distro's images install. A distro without a lock file installs what the archive offers.</summary>
    public IReadOnlyList<Locking.LockFile> Locks { get; init; } = [];

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
