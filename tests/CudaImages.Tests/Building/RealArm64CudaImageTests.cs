using System.Diagnostics;
using CudaImages.Bases;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Building;

/// <summary>
/// The repository's own CUDA 11.8 base and runtime images for linux/arm64, built on this amd64 machine's real engine under
/// qemu (binfmt_misc), on the arm64 Debian 12 base (debian:12-arm64, bootstrapped with mmdebstrap --architectures=arm64 when
/// missing). About six minutes of mostly one core on a fresh machine, so this class is a collection of its own: it runs beside
/// the engine collection, touching only its own names (cudaimages-test-cuda:*-arm64) and the arm64 base, which no other test
/// uses. The images stay, so the next run skips the builds on their input hashes. They carry this checkout's revision, as
/// BuildImages' would: a two-platform BuildImages of the chain after the suite finds their layers cached.
/// </summary>
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class RealArm64CudaImageTests(RealArm64CudaImageTests.Arm64Chain chain) : IClassFixture<RealArm64CudaImageTests.Arm64Chain>
{
    public sealed class Arm64Chain : IAsyncLifetime
    {
        const string Repository = "cudaimages-test-cuda";
        readonly string logs = Path.Combine(Path.GetTempPath(), "cudaimages-tests", "logs-arm64-" + Guid.NewGuid().ToString("n"));

        public DockerEngine Engine { get; } = DockerEngine.Connect();
        public BuildPlan Plan { get; private set; } = null!;
        public string BaseImage { get; private set; } = "";
        public IReadOnlyList<ImageBuildRecord> Records { get; private set; } = [];

        public async Task InitializeAsync()
        {
            Plan = Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue),
                new Selection(["11.8"], ["debian12"], ["runtime"], []) { Platforms = ["linux/arm64"] }, Repository);
            var distro = Plan.Images[0].Distro;
            BaseImage = distro.BaseImageFor(Platform.Arm64);
            var bases = await new BaseImages(Engine, logs, TextWriter.Null)
                .EnsureAsync([(distro, Platform.Arm64)], BaseSource.Auto, refresh: false, CancellationToken.None);
            Records = await new ImageBuilder(Engine, new BuildOptions(1, false, null, SourceRevision.Of(TestPaths.Root), logs, "io.cudaimages"))
                .BuildAsync(Plan, bases, new PlainBuildProgress(TextWriter.Null), CancellationToken.None);
        }

        public Task DisposeAsync()
        {
            Engine.Dispose();
            return Task.CompletedTask;
        }
    }

    ImageSpec Image(string flavor) => chain.Plan.Images.Single(i => i.Flavor == flavor);

    [Fact]
    public void Real_engine_builds_the_arm64_cuda_11_8_base_and_runtime_images_under_emulation()
    {
        chain.Plan.Images.Select(i => i.Tag).ShouldBe(["11.8.0-base-debian12-arm64", "11.8.0-runtime-debian12-arm64"]);
        chain.Records.ShouldAllBe(r => r.Status == ImageBuildStatus.Built || r.Status == ImageBuildStatus.Skipped,
            string.Join("; ", chain.Records.Select(r => $"{r.Tag} {r.Status} {r.Note} {r.FailedStep}")));
    }

    [Fact]
    public async Task Real_arm64_debian12_base_says_arm64_in_its_config_and_runs_arm64_programs_under_qemu()
    {
        var image = (await chain.Engine.InspectImageAsync(chain.BaseImage, CancellationToken.None)).ShouldNotBeNull();
        image.Platform.ShouldBe("linux/arm64", "the import trap: an imported tar records this machine's architecture");

        Run(chain.BaseImage, "uname -m; dpkg --print-architecture").Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["aarch64", "arm64"]);
    }

    [Fact]
    public async Task Real_arm64_images_say_arm64_in_their_config_and_their_local_names_stand_beside_the_amd64_ones()
    {
        Image("base").Reference.ShouldBe("cudaimages-test-cuda:11.8.0-base-debian12-arm64");
        Image("runtime").Reference.ShouldBe("cudaimages-test-cuda:11.8.0-runtime-debian12-arm64");
        foreach (var image in chain.Plan.Images)
            (await chain.Engine.InspectImageAsync(image.Reference, CancellationToken.None)).ShouldNotBeNull(image.Reference).Platform.ShouldBe("linux/arm64");
    }

    [Fact]
    public void Real_arm64_runtime_image_runs_aarch64_programs_and_resolves_libcudart_and_cublas_through_ldconfig()
    {
        var output = Run(Image("runtime").Reference, "uname -m; ldconfig -p");

        output.ShouldStartWith("aarch64");
        output.ShouldContain("libcudart.so.11.0 (libc6,AArch64)");
        output.ShouldContain("libcublas.so.11 (libc6,AArch64)");
    }

    static string Run(string image, string script)
    {
        var start = new ProcessStartInfo("docker", ["run", "--rm", "--network", "none", "--platform", "linux/arm64", image, "sh", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, output + stderr.Result);
        return output;
    }
}
