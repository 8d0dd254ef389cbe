using CudaImages.Docker;
using CudaImages.Smoke;

namespace CudaImages.Tests.Smoke;

public class HostGpusTests
{
    const string H200 = "NVIDIA H200, 580.159.03, 9.0, 143771 MiB";

    static EngineInfo Engine(params string[] runtimes) =>
        new("28.3.0", "1.51", "overlay2", "/var/lib/docker", 500_000_000_000, ["runc", .. runtimes]);

    [Fact]
    public void Engine_with_the_nvidia_runtime_and_an_h200_is_gpu_ready()
    {
        var facts = HostGpus.Facts(Engine("nvidia"), [], NvidiaSmiAnswer.Printed(H200));

        facts.NvidiaRuntime.ShouldBeTrue();
        HostGpus.GpuReady(facts).ShouldBeTrue();
        HostGpus.Host(facts).Description.ShouldBe("NVIDIA H200, driver 580.159.03");
        HostGpus.Driver(facts)!.Text.ShouldBe("580.159.03");
    }

    static EngineInfo EngineWithNvidiaRuntime(string program) =>
        Engine("nvidia") with { RuntimePrograms = new Dictionary<string, string> { ["runc"] = "runc", ["nvidia"] = program } };

    [Fact]
    public void Nvidia_runtime_that_is_runc_is_a_stand_in_that_cannot_pass_gpus()
    {
        var facts = HostGpus.Facts(EngineWithNvidiaRuntime("runc"), [], NvidiaSmiAnswer.Printed(H200));

        facts.NvidiaRuntimeStandIn.ShouldBe("runc");
        facts.NvidiaRuntime.ShouldBeFalse();
        HostGpus.GpuReady(facts).ShouldBeFalse();
    }

    [Theory]
    [InlineData("nvidia-container-runtime")]
    [InlineData("/usr/bin/nvidia-container-runtime")]
    [InlineData("/usr/bin/nvidia-container-runtime.cdi")]
    public void Nvidia_runtime_that_is_nvidias_program_passes_gpus(string program)
    {
        var facts = HostGpus.Facts(EngineWithNvidiaRuntime(program), [], NvidiaSmiAnswer.Printed(H200));

        facts.NvidiaRuntimeStandIn.ShouldBeNull();
        HostGpus.GpuReady(facts).ShouldBeTrue();
    }

    [Fact]
    public void Gpus_without_runtime_or_cdi_spec_are_not_gpu_ready()
    {
        var facts = HostGpus.Facts(Engine(), [], NvidiaSmiAnswer.Printed(H200));

        HostGpus.CanPassGpus(facts).ShouldBeFalse();
        HostGpus.GpuReady(facts).ShouldBeFalse();
    }

    [Fact]
    public void Cdi_spec_alone_lets_the_engine_pass_gpus() =>
        HostGpus.GpuReady(HostGpus.Facts(Engine(), ["/etc/cdi/nvidia.yaml"], NvidiaSmiAnswer.Printed(H200))).ShouldBeTrue();

    [Fact]
    public void Missing_nvidia_smi_is_a_cpu_only_host_without_error()
    {
        var facts = HostGpus.Facts(Engine("nvidia"), [], NvidiaSmiAnswer.NotInstalled);

        facts.Gpus.ShouldBeEmpty();
        facts.NvidiaSmiError.ShouldBeNull();
        HostGpus.Host(facts).Description.ShouldBe(SmokeHost.CpuOnly);
    }

    [Fact]
    public void Failing_nvidia_smi_is_recorded_not_thrown()
    {
        var facts = HostGpus.Facts(Engine(), [], NvidiaSmiAnswer.Failed("nvidia-smi exited with 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver"));

        facts.Gpus.ShouldBeEmpty();
        facts.NvidiaSmiError!.ShouldContain("couldn't communicate with the NVIDIA driver");
    }

    [Fact]
    public void Unreadable_nvidia_smi_output_is_recorded_with_the_parse_error() =>
        HostGpus.Facts(Engine(), [], NvidiaSmiAnswer.Printed("garbage")).NvidiaSmiError!.ShouldContain("expected 4 comma-separated fields");

    [Fact]
    public void Unreachable_engine_has_no_nvidia_runtime() =>
        HostGpus.Facts(null, [], NvidiaSmiAnswer.Printed(H200)).NvidiaRuntime.ShouldBeFalse();

    [Fact]
    public async Task Probe_finds_json_and_yaml_cdi_specs_in_a_directory_and_ignores_other_files()
    {
        var cdi = Directory.CreateTempSubdirectory("cdi-");
        try
        {
            File.WriteAllText(Path.Combine(cdi.FullName, "nvidia.yaml"), "cdiVersion: 0.5.0\n");
            File.WriteAllText(Path.Combine(cdi.FullName, "other.json"), "{}");
            File.WriteAllText(Path.Combine(cdi.FullName, "README"), "");
            var probe = new HostGpuProbe([cdi.FullName, Path.Combine(cdi.FullName, "missing")], _ => Task.FromResult(NvidiaSmiAnswer.Printed(H200)));

            var facts = await probe.ProbeAsync(Engine(), CancellationToken.None);

            facts.CdiSpecs.Select(Path.GetFileName).ShouldBe(["nvidia.yaml", "other.json"]);
            HostGpus.GpuReady(facts).ShouldBeTrue();
        }
        finally
        {
            cdi.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Real_nvidia_smi_of_this_host_reports_its_gpus_or_none_when_not_installed()
    {
        var facts = await HostGpuProbe.ForThisHost().ProbeAsync(null, CancellationToken.None);

        facts.NvidiaSmiError.ShouldBeNull();
        if (Programs.OnPath("nvidia-smi"))
            facts.Gpus.ShouldNotBeEmpty();
        else
            facts.Gpus.ShouldBeEmpty();
    }
}
