namespace CudaImages.Model;

/// <summary>The smoke checks a flavor may declare; each is implemented once, in Smoke/.</summary>
public static class SmokeChecks
{
    public static readonly IReadOnlyList<string> All =
        ["env", "cuda-libs", "nvcc", "kernel", "nvidia-smi", "no-driver-in-image", "framework", "layout", "cmake"];

    /// <summary>Checks that only prove something on a GPU runner.</summary>
    public static readonly IReadOnlyList<string> NeedGpu = ["kernel", "nvidia-smi", "framework"];
}
