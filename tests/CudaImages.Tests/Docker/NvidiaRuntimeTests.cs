using CudaImages.Docker;
using CudaImages.Smoke;

namespace CudaImages.Tests.Docker;

/// <summary>
/// The `--runtime nvidia` path on the real engine. CI registers runc under the name "nvidia" (.ci/run), so the
/// request reaches a real runtime by that name on a CPU-only machine; a GPU runner has the Container Toolkit's.
/// </summary>
[Collection(Building.OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class NvidiaRuntimeTests(Building.EngineFixture fixture)
{
    [Fact]
    public async Task Real_engine_runs_a_container_under_the_registered_nvidia_runtime()
    {
        var info = await fixture.Engine.InfoAsync(CancellationToken.None);
        info.Runtimes.ShouldContain("nvidia", "no runtime named nvidia: install the NVIDIA Container Toolkit, or register runc under that name as .ci/run does");

        var run = await fixture.Engine.RunContainerAsync(
            new ContainerRunRequest("debian:12", ["sh", "-c", "echo under-nvidia-runtime"], Runtime: "nvidia"), CancellationToken.None);

        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain("under-nvidia-runtime");
    }

    [Fact]
    public async Task Real_engine_with_runc_registered_as_nvidia_makes_the_doctor_call_it_a_stand_in_that_gives_no_gpu()
    {
        var info = await fixture.Engine.InfoAsync(CancellationToken.None);
        info.RuntimePrograms.GetValueOrDefault("nvidia").ShouldBe("runc", "this test expects the README's CPU-host setup (and .ci/run's): runc registered as nvidia");

        // The engine is the real part; the host is described as CPU-only so the verdict does not depend on this machine's GPUs.
        var gpus = await new HostGpuProbe([], _ => Task.FromResult(NvidiaSmiAnswer.NotInstalled)).ProbeAsync(info, CancellationToken.None);
        var runtime = Doctor.Examine(info, null, gpus, [], null).Checks.Single(c => c.Name == Doctor.RuntimeCheck);

        runtime.Status.ShouldBe(DoctorStatus.Warn);
        runtime.Detail.ShouldStartWith(Doctor.StandInNote("runc"));
    }
}
