using System.Diagnostics;
using CudaImages.Building;
using CudaImages.Loading;
using CudaImages.Planning;

namespace CudaImages.Tests.Building;

/// <summary>
/// The repository's own CUDA 11.8 runtime image, from Debian 12's packages, built on the real engine and
/// inspected. The images stay (as cudaimages-test-cuda:*) so that each test after the first, and the next
/// run, skip the build on its input hash.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class RealCudaImageTests(EngineFixture fixture) : IAsyncLifetime
{
    const string repository = "cudaimages-test-cuda";
    BuildPlan plan = null!;
    IReadOnlyList<ImageBuildRecord> records = [];

    public async Task InitializeAsync()
    {
        (plan, records) = await fixture.BuildRepositoryImagesAsync(new Selection(["11.8"], ["debian12"], ["runtime"], []), repository);
    }

    static string Run(string image, string script)
    {
        var start = new ProcessStartInfo("docker", ["run", "--rm", "--network", "none", image, "sh", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, output);
        return output;
    }

    string Runtime => plan.Find("11.8.0-runtime-debian12")!.Reference;

    [Fact]
    public void Real_engine_builds_the_debian_12_cuda_11_8_runtime_chain() =>
        records.ShouldAllBe(r => r.Status == ImageBuildStatus.Built || r.Status == ImageBuildStatus.Skipped, string.Join("; ", records.Select(r => $"{r.Tag} {r.Status} {r.Note}")));

    [Fact]
    public void Real_cuda_runtime_image_resolves_libcudart_and_cublas_through_ldconfig()
    {
        var libraries = Run(Runtime, "ldconfig -p");

        libraries.ShouldContain("libcudart.so.11.0");
        libraries.ShouldContain("libcublas.so.11");
    }

    [Fact]
    public async Task Real_cuda_runtime_image_carries_the_planned_environment_and_labels()
    {
        var env = Run(Runtime, "env");
        var spec = plan.Find("11.8.0-runtime-debian12")!;

        env.ShouldContain("CUDA_VERSION=11.8.0");
        env.ShouldContain("NVIDIA_REQUIRE_CUDA=cuda>=11.8");
        env.ShouldContain("NVIDIA_VISIBLE_DEVICES=all");
        env.ShouldContain("NVIDIA_DRIVER_CAPABILITIES=compute,utility");
        var image = (await fixture.Engine.InspectImageAsync(Runtime, CancellationToken.None))!;
        foreach (var (name, value) in spec.Labels) image.Labels[name].ShouldBe(value);
        image.Labels["io.cudaimages.input-hash"].ShouldBe(spec.InputHash);
    }

    [Fact]
    public void Real_cuda_runtime_image_has_no_apt_lists_and_no_driver()
    {
        Run(Runtime, "ls -A /var/lib/apt/lists | grep -v '^partial$' | grep -v '^lock$' || true").Trim().ShouldBeEmpty();
        Run(Runtime, "dpkg-query -W -f '${Package}\\n' | grep -E '^(libcuda1|libnvidia-)' || true").Trim().ShouldBeEmpty();
        Run(Runtime, "find / -xdev \\( -name 'libcuda.so*' -o -name 'libnvidia-ml.so*' -o -name 'libnvidia-ptxjitcompiler*' \\) 2>/dev/null || true").Trim().ShouldBeEmpty();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
