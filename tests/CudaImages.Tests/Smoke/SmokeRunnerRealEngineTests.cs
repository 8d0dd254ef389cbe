using CudaImages.Building;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;
using CudaImages.Tests.Building;
using Xunit.Abstractions;

namespace CudaImages.Tests.Smoke;

/// <summary>
/// The smoke checks on the real engine against the repository's CUDA 11.8 Debian 12 images (built when missing, shared
/// as cudaimages-test-cuda:* with the building tests), on this CPU-only host: one run of base, runtime and devel.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class SmokeRunnerRealEngineTests(EngineFixture fixture) : IAsyncLifetime
{
    const string Repository = "cudaimages-test-cuda";

    // xUnit makes a new instance per test: the images are built and smoke-tested once per test run, in a folder of that run's own.
    static readonly string Work = Path.Combine(Path.GetTempPath(), "cudaimages-tests", "smoke-" + Guid.NewGuid().ToString("n"));
    static readonly SemaphoreSlim Gate = new(1);
    static (IReadOnlyList<ImageSpec> Images, IReadOnlyList<SmokeResult> Results)? shared;

    IReadOnlyList<ImageSpec> images = [];
    IReadOnlyList<SmokeResult> results = [];

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            shared ??= await SmokeAllAsync();
            (images, results) = shared.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    async Task<(IReadOnlyList<ImageSpec>, IReadOnlyList<SmokeResult>)> SmokeAllAsync()
    {
        var selection = new Selection(["11.8"], ["debian12"], ["devel"], []);
        var (plan, records) = await fixture.BuildRepositoryImagesAsync(selection, Repository);
        records.ShouldAllBe(r => r.Status == ImageBuildStatus.Built || r.Status == ImageBuildStatus.Skipped,
            string.Join("; ", records.Select(r => $"{r.Tag} {r.Status} {r.Note}")));
        return (plan.Images, await Runner().RunAsync(plan.Images, CancellationToken.None));
    }

    SmokeRunner Runner() => new(fixture.Engine, SmokeHost.WithoutGpu, Work, gpus: null, runtime: null, Path.Combine(TestPaths.Images, "smoke"));

    ImageSpec Image(string flavor) => images.Single(i => i.Flavor == flavor);

    SmokeResult Result(string flavor, string check) => results.Single(r => r.Image == Image(flavor).Tag && r.Check == check);

    [Fact]
    public void Real_base_image_env_check_passes() =>
        Result("base", "env").Status.ShouldBe(SmokeStatus.Passed, Result("base", "env").Reason);

    [Fact]
    public void Real_runtime_image_cuda_libs_check_passes() =>
        Result("runtime", "cuda-libs").Status.ShouldBe(SmokeStatus.Passed, Result("runtime", "cuda-libs").Reason);

    [Fact]
    public void Real_devel_image_nvcc_check_compiles_sm_80_and_sm_90_with_ptx()
    {
        var nvcc = Result("devel", "nvcc");

        nvcc.Status.ShouldBe(SmokeStatus.Passed, nvcc.Reason + "\n" + nvcc.Output);
        nvcc.Output.ShouldNotBeNull().ShouldContain("release 11.8");
        nvcc.Output.ShouldContain("sm_80.cubin");
        nvcc.Output.ShouldContain("sm_90.cubin");
        nvcc.Output.ShouldContain("sm_90.ptx");
    }

    [Fact]
    public void Real_runtime_image_kernel_check_on_a_cpu_host_is_not_run_never_passed() =>
        Result("runtime", "kernel").ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(SmokeStatus.NotRun, r.Reason + "\n" + r.Output),
            r => r.Reason.ShouldBe(NotRunReason.NoGpu),
            r => r.Output.ShouldNotBeNull().ShouldContain("vector_add: no GPU"));

    [Fact]
    public void Real_devel_image_no_driver_in_image_check_passes() =>
        Result("devel", "no-driver-in-image").Status.ShouldBe(SmokeStatus.Passed, Result("devel", "no-driver-in-image").Reason);

    [Fact]
    public void Real_runtime_image_nvidia_smi_check_on_a_cpu_host_is_not_run() =>
        Result("runtime", "nvidia-smi").ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(SmokeStatus.NotRun),
            r => r.Reason.ShouldBe(NotRunReason.NoGpu));

    [Fact]
    public void Real_images_fail_no_check_and_record_where_they_ran()
    {
        results.Where(r => r.Status == SmokeStatus.Failed).ShouldBeEmpty();
        results.Select(r => (r.Image, r.Check)).ShouldBe(images.SelectMany(i => i.SmokeChecks.Select(c => (i.Tag, c))));
        results.ShouldAllBe(r => r.Where == SmokeHost.CpuOnly);
    }

    [Fact]
    public async Task Real_engine_missing_image_checks_are_not_run_image_missing()
    {
        var missing = Image("runtime") with { Tag = "0.0.0-missing-debian12", Reference = $"{Repository}:0.0.0-missing-debian12" };

        var missingResults = await Runner().RunAsync([missing], CancellationToken.None);

        missingResults.Select(r => r.Check).ShouldBe(missing.SmokeChecks);
        missingResults.ShouldAllBe(r => r.Status == SmokeStatus.NotRun && r.Reason == NotRunReason.ImageMissing);
    }

    [Fact]
    public async Task Real_runtime_smoke_reuses_the_vector_add_compiled_earlier_in_the_work_directory()
    {
        // Run alone, the runtime image has no devel sibling in this run: the kernel check must find the earlier binary.
        var runtime = await Runner().RunAsync([Image("runtime")], CancellationToken.None);

        runtime.Single(r => r.Check == "kernel").Reason.ShouldBe(NotRunReason.NoGpu);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
