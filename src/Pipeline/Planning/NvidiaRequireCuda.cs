using CudaImages.Model;

namespace CudaImages.Planning;

/// <summary>
/// NVIDIA_REQUIRE_CUDA in NVIDIA's syntax (spaces = OR, commas = AND): the release's line, or on a
/// datacenter GPU of a forward-compatible branch, that branch (only where cuda-compat is installed).
/// </summary>
public static class NvidiaRequireCuda
{
    public static string For(CudaRelease cuda, PackageSource source, IReadOnlyList<string> brands) =>
        For(cuda, source.ForwardCompatibility, brands);

    /// <summary>With <paramref name="forwardCompatibility"/> false (Debian's packages, NVIDIA's arm64 images), only cuda&gt;=X.Y.</summary>
    public static string For(CudaRelease cuda, bool forwardCompatibility, IReadOnlyList<string> brands)
    {
        var clauses = new List<string> { $"cuda>={cuda.Line}" };
        if (forwardCompatibility)
            foreach (var branch in cuda.ForwardCompatibleBranches)
                foreach (var brand in brands)
                    clauses.Add($"brand={brand},driver>={branch},driver<{branch + 1}");
        return string.Join(' ', clauses);
    }
}
