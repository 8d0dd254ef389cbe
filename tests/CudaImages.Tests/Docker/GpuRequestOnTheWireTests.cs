using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;
using CudaImages.Tests.Building;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace CudaImages.Tests.Docker;

/// <summary>
/// What a smoke container asks the real engine for, read back with the engine's own inspect: created the way a smoke run
/// creates it and never started, so no GPU is needed. Every container carries this instance's label, and only those are removed.
/// </summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class GpuRequestOnTheWireTests(EngineFixture fixture) : IAsyncLifetime
{
    const string TestLabel = "io.cudaimages.test.wire";

    readonly string owner = Guid.NewGuid().ToString("n");
    DockerClient docker = null!;

    DockerEngine Engine => (DockerEngine)fixture.Engine;

    public Task InitializeAsync()
    {
        docker = new DockerClientBuilder().WithEndpoint(DockerEndpoint.Parse(Engine.Endpoint)).Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        var mine = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{TestLabel}={owner}"] = true } },
        });
        foreach (var container in mine)
            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        docker.Dispose();
    }

    async Task<HostConfig> CreatedAsync(ContainerRunRequest request)
    {
        var name = $"cudaimages-test-wire-{Guid.NewGuid():n}";
        await Engine.CreateContainerAsync(name, request, CancellationToken.None, new Dictionary<string, string> { [TestLabel] = owner });
        return (await docker.Containers.InspectContainerAsync(name)).HostConfig.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("all", -1, new string[0])]
    [InlineData("2", 2, new string[0])]
    [InlineData("device=0", 0, new[] { "0" })]
    [InlineData("device=0,GPU-3a1b", 0, new[] { "0", "GPU-3a1b" })]
    public async Task Real_engine_holds_the_gpus_parameter_as_one_gpu_device_request(string gpus, int count, string[] devices)
    {
        var host = await CreatedAsync(new ContainerRunRequest("debian:12", ["true"], Gpus: GpuRequest.Parse(gpus)));

        var request = host.DeviceRequests.ShouldHaveSingleItem();
        request.Count.ShouldBe(count);
        (request.DeviceIDs ?? []).ShouldBe(devices);
        request.Capabilities.Select(set => string.Join(',', set)).ShouldBe(["gpu"]);
        request.Driver.ShouldBeNullOrEmpty();
    }

    [Fact]
    public async Task Real_engine_container_without_gpus_has_no_device_request() =>
        ((await CreatedAsync(new ContainerRunRequest("debian:12", ["true"]))).DeviceRequests ?? []).ShouldBeEmpty();

    [Fact]
    public async Task Real_engine_holds_the_runtime_parameter_nvidia_as_the_containers_runtime() =>
        (await CreatedAsync(new ContainerRunRequest("debian:12", ["true"], Runtime: "nvidia"))).Runtime.ShouldBe("nvidia");

    string CannotGiveGpus => $"the Docker Engine at {Engine.Endpoint} cannot give containers GPUs (--gpus all): it has no NVIDIA device driver " +
        "(could not select device driver \"\" with capabilities: [[gpu]]) — on a GPU host install the NVIDIA Container Toolkit, " +
        "run `sudo nvidia-ctk runtime configure --runtime=docker` and restart dockerd (`sudo systemctl restart docker`); " +
        "on a host without GPUs leave out --gpus";

    [Fact]
    public async Task Cpu_host_real_engine_asked_for_gpus_all_says_in_one_sentence_that_it_cannot_give_gpus()
    {
        var failure = await Should.ThrowAsync<EngineRequestException>(() =>
            Engine.RunContainerAsync(new ContainerRunRequest("debian:12", ["true"], Gpus: GpuRequest.All), CancellationToken.None));

        failure.Message.ShouldBe(CannotGiveGpus);
    }

    /// <summary>A smoke run of debian:12's kernel check with --gpus all, as SmokeTest --gpus all runs it on this host.</summary>
    async Task<SmokeResult> KernelCheckWithGpusAllAsync()
    {
        var work = Directory.CreateTempSubdirectory("cudaimages-smoke-gpus-").FullName;
        try
        {
            var plan = Planner.Plan(MatrixLoader.Load(TestPaths.Fixture("engine-tiny"), SmokeCheckRegistry.Default.Catalogue), Selection.All, "cuda");
            var image = plan.Images[0] with { Reference = "debian:12", SmokeChecks = ["kernel"] };
            // A vector_add where the devel image's nvcc check leaves it: the kernel check then asks for the GPUs.
            var vectorAdd = Path.Combine(work, "vector_add", $"{image.Cuda.Full}-{image.Distro.Id}");
            Directory.CreateDirectory(vectorAdd);
            await File.WriteAllTextAsync(Path.Combine(vectorAdd, "vector_add"), "");
            var runner = new SmokeRunner(Engine, SmokeHost.WithoutGpu, work, GpuRequest.All, runtime: null, Path.Combine(TestPaths.Images, "smoke"));

            return (await runner.RunAsync([image], CancellationToken.None)).ShouldHaveSingleItem();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Cpu_host_smoke_run_with_gpus_all_fails_the_kernel_check_with_that_one_sentence()
    {
        var kernel = await KernelCheckWithGpusAllAsync();

        kernel.Status.ShouldBe(SmokeStatus.Failed);
        kernel.Reason.ShouldBe(CannotGiveGpus);
    }

    [Fact]
    public async Task Real_engine_smoke_result_names_the_image_it_checked()
    {
        var checkedImage = (await Engine.InspectImageAsync("debian:12", CancellationToken.None))!.Id;

        var kernel = await KernelCheckWithGpusAllAsync();

        kernel.ImageId.ShouldBe(checkedImage);
    }
}
