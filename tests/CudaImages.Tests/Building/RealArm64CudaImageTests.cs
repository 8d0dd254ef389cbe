using System.Diagnostics;
using CudaImages.Bases;
using CudaImages.Building;
using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Building;

/// <summary>
/// The repository's own CUDA 11.8 base image for linux/arm64, built on this amd64 machine's real engine under qemu (binfmt_misc),
/// on an arm64 Debian 12 base bootstrapped with mmdebstrap when missing. The image stays (cudaimages-test-cuda:*-arm64), so the
/// next run skips the build on its input hash.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class RealArm64CudaImageTests(EngineFixture fixture) : IAsyncLifetime
{
    const string repository = "cudaimages-test-cuda";
    BuildPlan plan = null!;
    IReadOnlyList<ImageBuildRecord> records = [];

    public async Task InitializeAsync()
    {
        plan = Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue),
            new Selection(["11.8"], ["debian12"], ["base"], []) { Platforms = ["linux/arm64"] }, repository);
        var bases = await new BaseImages(fixture.Engine, fixture.Logs, TextWriter.Null)
            .EnsureAsync([(plan.Images[0].Distro, Platform.Arm64)], BaseSource.Auto, refresh: false, CancellationToken.None);
        records = await new ImageBuilder(fixture.Engine, new BuildOptions(2, false, null, "test", fixture.Logs, "io.cudaimages"))
            .BuildAsync(plan, bases, new PlainBuildProgress(TextWriter.Null), CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    ImageSpec Base => plan.Images.Single();

    [Fact]
    public void Real_engine_builds_the_arm64_cuda_11_8_base_image_under_emulation() =>
        records.ShouldAllBe(r => r.Status == ImageBuildStatus.Built || r.Status == ImageBuildStatus.Skipped, string.Join("; ", records.Select(r => $"{r.Tag} {r.Status} {r.Note}")));

    [Fact]
    public async Task Real_arm64_image_config_says_arm64_and_its_local_name_stands_beside_the_amd64_one()
    {
        Base.Reference.ShouldBe("cudaimages-test-cuda:11.8.0-base-debian12-arm64");
        (await fixture.Engine.InspectImageAsync(Base.Reference, CancellationToken.None)).ShouldNotBeNull().Platform.ShouldBe("linux/arm64");
    }

    [Fact]
    public void Real_arm64_image_runs_aarch64_programs_and_resolves_libcudart_through_ldconfig()
    {
        var start = new ProcessStartInfo("docker", ["run", "--rm", "--network", "none", "--platform", "linux/arm64", Base.Reference, "sh", "-c", "uname -m; ldconfig -p"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();

        process.ExitCode.ShouldBe(0, output);
        output.ShouldStartWith("aarch64");
        output.ShouldContain("libcudart.so.11.0 (libc6,AArch64)");
    }
}
