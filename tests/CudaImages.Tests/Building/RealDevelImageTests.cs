using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Planning;

namespace CudaImages.Tests.Building;

/// <summary>
/// The repository's CUDA 11.8 devel image from Debian 12, built by the pipeline on the real engine (it shares
/// cudaimages-test-cuda:* with the runtime tests, so base and runtime are skipped when they exist), compiles
/// images/smoke/vector_add.cu with its own nvcc; without a GPU the binary says so and exits 3.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class RealDevelImageTests(EngineFixture fixture) : IAsyncLifetime
{
    const string Repository = "cudaimages-test-cuda";
    string devel = "";

    public async Task InitializeAsync()
    {
        var (plan, records) = await fixture.BuildRepositoryImagesAsync(new Selection(["11.8"], ["debian12"], ["devel"], []), Repository);
        records.ShouldAllBe(r => r.Status == ImageBuildStatus.Built || r.Status == ImageBuildStatus.Skipped,
            string.Join("; ", records.Select(r => $"{r.Tag} {r.Status} {r.Note}")));
        devel = plan.Find("11.8.0-devel-debian12")!.Reference;
    }

    Task<ContainerRun> Run(string script) => fixture.Engine.RunContainerAsync(new ContainerRunRequest(devel, ["sh", "-c", script],
        Mounts: [(Path.Combine(TestPaths.Images, "smoke"), "/smoke", true)], Timeout: TimeSpan.FromMinutes(3)), CancellationToken.None);

    const string Compile = "nvcc -gencode arch=compute_80,code=sm_80 -gencode 'arch=compute_90,code=[sm_90,compute_90]' -o /tmp/vector_add /smoke/vector_add.cu";

    [Fact]
    public async Task Real_nvcc_11_8_compiles_vector_add_for_sm_80_and_sm_90_with_ptx()
    {
        var run = await Run($"{Compile} && cuobjdump --list-elf /tmp/vector_add && cuobjdump --list-ptx /tmp/vector_add");

        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain("sm_80.cubin");
        run.Output.ShouldContain("sm_90.cubin");
        run.Output.ShouldContain("sm_90.ptx");
    }

    [Fact]
    public async Task Real_vector_add_without_a_gpu_says_so_and_exits_3()
    {
        var run = await Run($"{Compile} && /tmp/vector_add");

        run.TimedOut.ShouldBeFalse();
        run.ExitCode.ShouldBe(3, run.Output);
        run.Output.ShouldContain("vector_add: no GPU: cudaError");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
