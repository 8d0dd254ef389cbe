using CudaImages.Smoke;
using static CudaImages.Tests.Smoke.Releases;

namespace CudaImages.Tests.Smoke;

public class DriverSupportTests
{
    [Fact]
    public void Driver_below_the_compatibility_floor_is_not_supported_with_the_exact_message() =>
        DriverSupport.For(Driver("470.82.01"), Cuda12_4_1).ShouldBe(new DriverSupport(DriverSupportLevel.NotSupported,
            "driver 470.82.01 is older than CUDA 12.4's minimum 525.60.13 (minor-version compatibility)"));

    [Fact]
    public void Cuda_12_4_runs_on_535_through_minor_version_compatibility()
    {
        var support = DriverSupport.For(Driver("535.154.05"), Cuda12_4_1);

        support.Level.ShouldBe(DriverSupportLevel.MinorVersionCompatibility);
        support.Explanation.ShouldContain("no JIT of PTX newer than the driver");
        support.Explanation.ShouldContain("full support from 550.54.15");
    }

    [Fact]
    public void Driver_at_the_release_minimum_is_full_support() =>
        DriverSupport.For(Driver("550.54.15"), Cuda12_4_1).Level.ShouldBe(DriverSupportLevel.Full);

    [Fact]
    public void One_patch_below_the_release_minimum_falls_back_to_minor_version_compatibility() =>
        DriverSupport.For(Driver("550.54.14"), Cuda12_4_1).Level.ShouldBe(DriverSupportLevel.MinorVersionCompatibility);

    [Fact]
    public void Newer_driver_runs_an_older_major_fully() =>
        DriverSupport.For(Driver("580.159.03"), Cuda11_8_0).Level.ShouldBe(DriverSupportLevel.Full);

    [Fact]
    public void Cuda_13_has_no_room_for_minor_version_compatibility_below_its_minimum() =>
        DriverSupport.For(Driver("575.51.03"), Cuda13_0_0).Level.ShouldBe(DriverSupportLevel.NotSupported);

    [Fact]
    public void Grid_of_reported_branches_for_cuda_12_4() =>
        DriverSupport.ReportedBranches.Select(b => (b, DriverSupport.ForBranch(b, Cuda12_4_1).Level)).ShouldBe(
        [
            (470, DriverSupportLevel.NotSupported),
            (525, DriverSupportLevel.MinorVersionCompatibility),
            (535, DriverSupportLevel.MinorVersionCompatibility),
            (545, DriverSupportLevel.MinorVersionCompatibility),
            (550, DriverSupportLevel.Full),
            (560, DriverSupportLevel.Full),
            (570, DriverSupportLevel.Full),
            (575, DriverSupportLevel.Full),
            (580, DriverSupportLevel.Full),
        ]);

    [Fact]
    public void Branch_sharing_the_minimum_major_is_full_from_that_release() =>
        DriverSupport.ForBranch(550, Cuda12_4_1).Explanation.ShouldBe("driver branch 550 runs CUDA 12.4.1 fully from 550.54.15");

    [Fact]
    public void Branch_sharing_the_floor_major_is_compatible_from_the_floor() =>
        DriverSupport.ForBranch(525, Cuda12_4_1).Explanation.ShouldStartWith(
            "driver branch 525 runs CUDA 12.4 through minor-version compatibility from 525.60.13");

    [Fact]
    public void Branch_below_the_floor_is_not_supported_in_the_same_words() =>
        DriverSupport.ForBranch(470, Cuda12_4_1).Explanation.ShouldBe(
            "driver branch 470 is older than CUDA 12.4's minimum 525.60.13 (minor-version compatibility)");
}
