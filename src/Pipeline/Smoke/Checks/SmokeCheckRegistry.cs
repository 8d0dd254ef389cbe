using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>
/// The one list of smoke checks: the loader accepts the names in its catalogue, the runner runs its checks. A new
/// check is a class in Smoke/Checks and one entry in <see cref="Default"/>.
/// </summary>
public sealed class SmokeCheckRegistry
{
    public static SmokeCheckRegistry Default { get; } = new(
    [
        new EnvCheck(),
        new CudaLibsCheck(),
        new NvccCheck(),
        new KernelCheck(),
        new NvidiaSmiCheck(),
        new NoDriverInImageCheck(),
        new FrameworkCheck(),
        new LayoutCheck(),
        new CMakeCheck(),
        new CudnnCheck(),
    ]);

    public SmokeCheckRegistry(IReadOnlyList<ISmokeCheck> checks)
    {
        Checks = checks;
        Catalogue = new SmokeCheckCatalogue(checks.Select(c => c.Descriptor));
    }

    public IReadOnlyList<ISmokeCheck> Checks { get; }

    /// <summary>What images/ may name: the catalogue <see cref="Loading.MatrixLoader"/> validates against.</summary>
    public SmokeCheckCatalogue Catalogue { get; }

    public ISmokeCheck? Find(string name) => Checks.FirstOrDefault(c => c.Descriptor.Name == name);

    /// <summary>This list and more checks, e.g. a site's own.</summary>
    public SmokeCheckRegistry With(params ISmokeCheck[] more) => new([.. Checks, .. more]);
}
