using CudaImages.Model;

namespace CudaImages.Planning;

/// <summary>
/// NVIDIA_REQUIRE_CUDA in NVIDIA's syntax (spaces = OR, commas = AND): the release's line, or on a
/// datacenter GPU of a forward-compatible branch, that branch (only where cuda-compat is installed).
/// </summary>
public static class NvidiaRequireCuda
{
    public static string For(CudaRelease cuda, PackageSource source, IReadOnlyList<string> brands)
    {
        var clauses = new List<string> { $"cuda>={cuda.Line}" };
        if (source.ForwardCompatibility)
            foreach (var branch in cuda.ForwardCompatibleBranches)
                foreach (var brand in brands)
                    clauses.Add($"brand={brand},driver>={branch},driver<{branch + 1}");
        return string.Join(' ', clauses);
    }
}
