using CudaImages.Model;

namespace CudaImages.Smoke;

public enum DriverSupportLevel { Full, MinorVersionCompatibility, NotSupported }

/// <summary>Whether a host driver runs an image's CUDA release, and why, in one line.</summary>
public sealed record DriverSupport(DriverSupportLevel Level, string Explanation)
{
    /// <summary>The driver branches a report's driver × image grid shows.</summary>
    public static IReadOnlyList<int> ReportedBranches { get; } = [470, 525, 535, 545, 550, 560, 570, 575, 580];

    /// <summary>What minor-version compatibility does not give, in the words reports use.</summary>
    public const string CompatibilityLimits = "no JIT of PTX newer than the driver, and some features need the newer driver";

    public static DriverSupport For(DriverVersion host, CudaRelease cuda)
    {
        if (host >= cuda.MinimumDriver)
            return new(DriverSupportLevel.Full,
                $"driver {host} meets CUDA {cuda.Full}'s minimum {cuda.MinimumDriver}");
        if (host >= cuda.CompatibilityDriver)
            return new(DriverSupportLevel.MinorVersionCompatibility,
                $"driver {host} runs CUDA {cuda.Line} through minor-version compatibility (full support from {cuda.MinimumDriver}): {CompatibilityLimits}");
        return NotSupported($"driver {host}", cuda);
    }

    // A branch is judged by its newest release, which is what hosts run: a branch sharing the threshold's major number counts, "from <threshold>".
    public static DriverSupport ForBranch(int branch, CudaRelease cuda)
    {
        if (branch > cuda.MinimumDriver.Branch)
            return new(DriverSupportLevel.Full, $"driver branch {branch} meets CUDA {cuda.Full}'s minimum {cuda.MinimumDriver}");
        if (branch == cuda.MinimumDriver.Branch)
            return new(DriverSupportLevel.Full, $"driver branch {branch} runs CUDA {cuda.Full} fully from {cuda.MinimumDriver}");
        if (branch >= cuda.CompatibilityDriver.Branch)
            return new(DriverSupportLevel.MinorVersionCompatibility,
                $"driver branch {branch} runs CUDA {cuda.Line} through minor-version compatibility from {Floor(branch, cuda.CompatibilityDriver)}: {CompatibilityLimits}");
        return NotSupported($"driver branch {branch}", cuda);
    }

    static string Floor(int branch, DriverVersion compatibility) =>
        branch == compatibility.Branch ? compatibility.Text : $"{branch}.x";

    static DriverSupport NotSupported(string driver, CudaRelease cuda) =>
        new(DriverSupportLevel.NotSupported,
            $"{driver} is older than CUDA {cuda.Line}'s minimum {cuda.CompatibilityDriver} (minor-version compatibility)");
}
