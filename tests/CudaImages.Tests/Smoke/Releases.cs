using CudaImages.Model;
using Semver;

namespace CudaImages.Tests.Smoke;

/// <summary>CUDA releases with the driver facts of DESIGN.md, built directly for smoke tests.</summary>
static class Releases
{
    public static CudaRelease Cuda(string version, string minimumDriver, string compatibilityDriver) =>
        new(SemVersion.Parse(version, SemVersionStyles.Strict), DriverVersion.Parse(minimumDriver), DriverVersion.Parse(compatibilityDriver),
            Architectures: ["sm_90"], PtxArchitectures: ["compute_90"], ForwardCompatibleBranches: [], EndOfLife: false);

    public static CudaRelease Cuda12_4_1 => Cuda("12.4.1", "550.54.15", "525.60.13");
    public static CudaRelease Cuda11_8_0 => Cuda("11.8.0", "520.61.05", "450.80.02");
    public static CudaRelease Cuda13_0_0 => Cuda("13.0.0", "580.65.06", "580.65.06");

    public static DriverVersion Driver(string text) => DriverVersion.Parse(text);
}
