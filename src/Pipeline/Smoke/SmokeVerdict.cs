namespace CudaImages.Smoke;

/// <summary>Turns a check's exit code and output into an honest status: a GPU check without a GPU is not run, never passed.</summary>
public sealed record SmokeVerdict(SmokeStatus Status, string? Reason)
{
    /// <summary>What CUDA prints when there is no usable GPU or driver behind the container.</summary>
    public static IReadOnlyList<string> NoGpuSignatures { get; } =
    [
        "cudaErrorNoDevice",
        "no CUDA-capable device",
        "cudaErrorInsufficientDriver",
        "CUDA driver version is insufficient",
        "libcuda.so.1: cannot open shared object file",
    ];

    public static SmokeVerdict Judge(int exitCode, string output, bool hostHasGpu)
    {
        // On a GPU host the same messages mean a broken image (e.g. driver libraries baked in), so they fail there.
        if (!hostHasGpu && NoGpuSignatures.Any(s => output.Contains(s, StringComparison.OrdinalIgnoreCase)))
            return new(SmokeStatus.NotRun, NotRunReason.NoGpu);
        if (exitCode == 0)
            return new(SmokeStatus.Passed, null);
        return new(SmokeStatus.Failed, LastLine(output) ?? $"exit code {exitCode} without output");
    }

    static string? LastLine(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r').Trim()).LastOrDefault(l => l.Length > 0);
}
