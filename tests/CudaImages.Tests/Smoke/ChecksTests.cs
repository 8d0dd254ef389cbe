using CudaImages.Docker;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;
using CudaImages.Tests.Docker;

namespace CudaImages.Tests.Smoke;

public class ChecksTests
{
    static readonly SmokeHost H200 = new(NvidiaSmi.ParseGpus("NVIDIA H200, 580.159.03, 9.0, 143771 MiB"));

    const string GoodEnv = "NVIDIA_VISIBLE_DEVICES=all\nNVIDIA_DRIVER_CAPABILITIES=compute,utility\nNVIDIA_REQUIRE_CUDA=cuda>=11.8\nCUDA_VERSION=11.8.0\n";

    static ImageSpec Image(string flavor = "runtime", params string[] checks) => new(
        $"11.8.0-{flavor}-debian12", $"test/cuda:11.8.0-{flavor}-debian12", [], flavor, null,
        Releases.Cuda11_8_0 with { Architectures = ["sm_80", "sm_90"], PtxArchitectures = ["sm_90"] },
        new Distro("debian12", "Debian 12", "debian:12", new PackageSource("debian", "", null, false, []), null, null, [], []),
        "debian:12", [], ["libcudart.so"], checks, null, null, null, "cuda>=11.8", new Dictionary<string, string>(), "Dockerfile", [], "hash");

    /// <summary>A work folder of the test's own: concurrent runs must not find each other's vector_add.</summary>
    static string Work() => Path.Combine(Path.GetTempPath(), "cudaimages-tests", Guid.NewGuid().ToString("n"));

    static SmokeContext Context(ScriptedEngine engine, SmokeHost? host = null, ImageSpec? image = null) =>
        new(image ?? Image(), engine, host ?? SmokeHost.WithoutGpu, GpuRequest.All, "nvidia", Work(), "/nowhere/smoke");

    [Fact]
    public async Task A_check_in_an_emulated_arm64_image_gets_ten_times_the_native_time()
    {
        var engine = new ScriptedEngine(_ => GoodEnv);
        var foreign = CudaImages.Model.Platform.Host == CudaImages.Model.Platform.Arm64 ? CudaImages.Model.Platform.Amd64 : CudaImages.Model.Platform.Arm64;

        await new EnvCheck().RunAsync(Context(engine), CancellationToken.None);
        await new EnvCheck().RunAsync(Context(engine, image: Image() with { Platform = foreign }), CancellationToken.None);

        engine.Runs.Select(r => r.Timeout).ShouldBe([SmokeContext.CheckTimeout, SmokeContext.CheckTimeout * SmokeContext.EmulationFactor]);
    }

    [Fact]
    public async Task Env_check_names_the_wrong_and_the_missing_variable()
    {
        var engine = new ScriptedEngine(_ => "NVIDIA_VISIBLE_DEVICES=all\nNVIDIA_DRIVER_CAPABILITIES=compute,utility\nNVIDIA_REQUIRE_CUDA=cuda>=12.0\n");

        var result = await new EnvCheck().RunAsync(Context(engine), CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.Failed);
        result.Reason.ShouldBe("NVIDIA_REQUIRE_CUDA is 'cuda>=12.0', expected 'cuda>=11.8'; CUDA_VERSION is missing, expected '11.8.0'");
    }

    [Fact]
    public async Task Env_check_passes_with_the_planned_values_and_records_where_it_ran()
    {
        var result = await new EnvCheck().RunAsync(Context(new ScriptedEngine(_ => GoodEnv), H200), CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.Passed);
        result.Where.ShouldBe("NVIDIA H200, driver 580.159.03");
    }

    [Fact]
    public async Task Cuda_libs_check_names_the_library_and_its_missing_dependency()
    {
        var engine = new ScriptedEngine(_ => "unresolved: /usr/lib/x86_64-linux-gnu/libcusolver.so.11.4.1.48: libcublasLt.so.11 => not found\n");

        var result = await new CudaLibsCheck().RunAsync(Context(engine), CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.Failed);
        result.Reason.ShouldBe("unresolved: /usr/lib/x86_64-linux-gnu/libcusolver.so.11.4.1.48: libcublasLt.so.11 => not found");
    }

    [Fact]
    public async Task Cudnn_check_without_a_gpu_passes_the_resolution_and_says_the_convolution_did_not_run()
    {
        var engine = new ScriptedEngine(_ => "compiler: yes\n");

        var result = await new CudnnCheck().RunAsync(Context(engine), CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.Passed);
        result.Output.ShouldContain("convolution not run: no GPU");
        engine.Runs.Count.ShouldBe(1);
        engine.Runs.ShouldAllBe(r => r.Gpus == null);
    }

    [Fact]
    public async Task Cudnn_check_fails_naming_the_library_that_does_not_resolve()
    {
        var engine = new ScriptedEngine(_ => "problem: no libcudnn.so.N in ldconfig -p\n");

        var result = await new CudnnCheck().RunAsync(Context(engine, H200), CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.Failed);
        result.Reason.ShouldBe("no libcudnn.so.N in ldconfig -p");
    }

    [Fact]
    public async Task Cudnn_check_on_a_gpu_runs_the_convolution_with_the_gpu_request()
    {
        var engine = new ScriptedEngine(r => r.Gpus is null ? "compiler: yes\n" : "cudnn 91000: convolution matches the CPU\n");

        var result = await new CudnnCheck().RunAsync(Context(engine, H200), CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.Passed);
        result.Output.ShouldContain("a convolution match the CPU on the GPU");
        engine.Runs.Count(r => r.Gpus is not null).ShouldBe(1);
    }

    [Fact]
    public async Task No_driver_check_names_the_driver_files_and_packages_found()
    {
        var engine = new ScriptedEngine(_ => "driver file: /usr/lib/x86_64-linux-gnu/libcuda.so.1\ndriver package: libcuda1\n");

        var result = await new NoDriverInImageCheck().RunAsync(Context(engine), CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.Failed);
        result.Reason.ShouldBe("the image carries the driver, which must come from the host: driver file: /usr/lib/x86_64-linux-gnu/libcuda.so.1; driver package: libcuda1");
    }

    [Fact]
    public async Task Nvidia_smi_check_without_a_gpu_is_not_run_and_starts_no_container()
    {
        var engine = new ScriptedEngine(_ => throw new InvalidOperationException("no container expected"));

        var result = await new NvidiaSmiCheck().RunAsync(Context(engine), CancellationToken.None);

        result.ShouldSatisfyAllConditions(r => r.Status.ShouldBe(SmokeStatus.NotRun), r => r.Reason.ShouldBe(NotRunReason.NoGpu));
        engine.Runs.ShouldBeEmpty();
    }

    [Fact]
    public async Task Nvidia_smi_check_on_a_gpu_host_passes_with_the_gpus_it_saw_using_the_gpu_request()
    {
        var engine = new ScriptedEngine(_ => "NVIDIA H200, 580.159.03, 9.0, 143771 MiB\n");

        var result = await new NvidiaSmiCheck().RunAsync(Context(engine, H200), CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.Passed);
        result.Output.ShouldBe("NVIDIA H200, driver 580.159.03, compute 9.0");
        engine.Runs.Single().ShouldSatisfyAllConditions(r => r.Gpus.ShouldBe(GpuRequest.All), r => r.Runtime.ShouldBe("nvidia"));
    }

    [Fact]
    public async Task Kernel_check_without_a_compiled_vector_add_is_not_run_and_says_to_run_nvcc_first()
    {
        var result = await new KernelCheck().RunAsync(Context(new ScriptedEngine(_ => "")), CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.NotRun);
        result.Reason.ShouldBe("no vector_add built: run the devel image's nvcc check first");
    }

    [Fact]
    public async Task Kernel_check_on_a_gpu_host_fails_when_the_image_cannot_reach_the_driver()
    {
        var context = Context(new ScriptedEngine(_ => "vector_add: no GPU: cudaErrorInsufficientDriver: CUDA driver version is insufficient", exitCode: 3), H200);
        Directory.CreateDirectory(context.VectorAddFolder);
        File.WriteAllText(context.VectorAdd, "");

        var result = await new KernelCheck().RunAsync(context, CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.Failed);
    }

    [Fact]
    public async Task Framework_check_of_an_unknown_framework_fails_naming_it()
    {
        var image = Image("jax", "framework") with { Framework = "JAX" };

        var result = await new FrameworkCheck().RunAsync(Context(new ScriptedEngine(_ => ""), image: image), CancellationToken.None);

        result.Status.ShouldBe(SmokeStatus.Failed);
        result.Reason.ShouldNotBeNull().ShouldStartWith("no framework smoke test for 'JAX'");
    }

    [Fact]
    public async Task Runner_marks_every_check_of_a_missing_image_not_run_image_missing()
    {
        var engine = new ScriptedEngine(_ => GoodEnv, present: false);

        var results = await new SmokeRunner(engine, SmokeHost.WithoutGpu, Work(), null, null, "/nowhere")
            .RunAsync([Image("runtime", "env", "kernel")], CancellationToken.None);

        results.Select(r => (r.Check, r.Status, r.Reason)).ShouldBe([
            ("env", SmokeStatus.NotRun, NotRunReason.ImageMissing),
            ("kernel", SmokeStatus.NotRun, NotRunReason.ImageMissing)]);
        engine.Runs.ShouldBeEmpty();
    }

    [Fact]
    public async Task Runner_fails_an_unknown_check_naming_the_known_ones()
    {
        var results = await new SmokeRunner(new ScriptedEngine(_ => GoodEnv), SmokeHost.WithoutGpu, Work(), null, null, "/nowhere")
            .RunAsync([Image("runtime", "env", "lint")], CancellationToken.None);

        results[0].Status.ShouldBe(SmokeStatus.Passed);
        results[1].Reason.ShouldNotBeNull().ShouldStartWith("unknown smoke check 'lint' in images/flavors.yaml; known: env, cuda-libs, nvcc");
    }

    [Fact]
    public async Task Runner_runs_a_check_added_to_its_registry()
    {
        var results = await new SmokeRunner(new ScriptedEngine(_ => GoodEnv), SmokeHost.WithoutGpu, "/tmp", null, null, "/nowhere",
                SmokeCheckRegistry.Default.With(new LintCheck()))
            .RunAsync([Image("runtime", "env", "lint")], CancellationToken.None);

        results.Select(r => (r.Check, r.Status, r.Output)).ShouldBe([("env", SmokeStatus.Passed, GoodEnv), ("lint", SmokeStatus.Passed, LintCheck.Passed)]);
    }

    [Fact]
    public async Task Runner_records_the_id_of_the_image_each_check_ran_against()
    {
        var results = await new SmokeRunner(new ScriptedEngine(_ => GoodEnv), SmokeHost.WithoutGpu, Work(), null, null, "/nowhere")
            .RunAsync([Image("runtime", "env", "lint")], CancellationToken.None);

        results.Select(r => r.ImageId).ShouldBe(["sha256:1", "sha256:1"]);
    }

    [Fact]
    public async Task Runner_runs_nvcc_checks_first_so_an_earlier_runtime_image_finds_vector_add()
    {
        var engine = new ScriptedEngine(request => request.Command[^1].Contains("nvcc") ? "" : "vector_add: no GPU: cudaErrorNoDevice", exitCode: 0);
        var work = Work();
        engine.OnRun = request =>
        {
            if (request.Command[^1].Contains("nvcc")) File.WriteAllText(Path.Combine(request.Mounts![1].HostPath, "vector_add"), "");
        };

        var results = await new SmokeRunner(engine, SmokeHost.WithoutGpu, work, null, null, "/nowhere")
            .RunAsync([Image("runtime", "kernel"), Image("devel", "nvcc")], CancellationToken.None);

        results.Select(r => r.Check).ShouldBe(["kernel", "nvcc"]);
        results[0].Reason.ShouldBe(NotRunReason.NoGpu);
    }

    [Fact]
    public async Task Runner_fails_gpu_checks_of_an_image_the_host_driver_cannot_run_without_starting_a_container()
    {
        var oldDriver = new SmokeHost(NvidiaSmi.ParseGpus("Tesla T4, 440.33.01, 7.5, 15360 MiB"));
        var engine = new ScriptedEngine(_ => GoodEnv);

        var results = await new SmokeRunner(engine, oldDriver, Work(), GpuRequest.All, null, "/nowhere")
            .RunAsync([Image("runtime", "env", "kernel", "nvidia-smi")], CancellationToken.None);

        results[0].Status.ShouldBe(SmokeStatus.Passed);
        results[1].Status.ShouldBe(SmokeStatus.Failed);
        results[1].Reason.ShouldBe("driver 440.33.01 is older than CUDA 11.8's minimum 450.80.02 (minor-version compatibility)");
        results[2].Reason.ShouldBe(results[1].Reason);
        engine.Runs.Count.ShouldBe(1); // env only
    }

    sealed class ScriptedEngine(Func<ContainerRunRequest, string> output, int exitCode = 0, bool present = true) : StandInEngine
    {
        public List<ContainerRunRequest> Runs { get; } = [];

        public Action<ContainerRunRequest>? OnRun { get; set; }

        public override string Endpoint => "scripted";

        public override Task<ContainerRun> RunContainerAsync(ContainerRunRequest request, CancellationToken cancellationToken)
        {
            var text = output(request);
            Runs.Add(request);
            OnRun?.Invoke(request);
            return Task.FromResult(new ContainerRun(exitCode, text, false, TimeSpan.FromSeconds(1)));
        }

        public override Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
            Task.FromResult(present ? new ImageInfo("sha256:1", [reference], new Dictionary<string, string>(), 1, DateTimeOffset.UnixEpoch) : null);
    }
}
