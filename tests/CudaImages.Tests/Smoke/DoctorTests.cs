using CudaImages.Docker;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;
using Spectre.Console;
using static CudaImages.Tests.Smoke.Releases;

namespace CudaImages.Tests.Smoke;

public class DoctorTests
{
    const string H200 = "NVIDIA H200, 580.159.03, 9.0, 143771 MiB";
    const long Gigabyte = 1_000_000_000;

    static EngineInfo Engine(params string[] runtimes) =>
        new("28.3.0", "1.51", "overlay2", "/var/lib/docker", 500 * Gigabyte, ["runc", .. runtimes]);

    static HostGpuFacts Gpus(string nvidiaSmi, bool nvidiaRuntime = true, params string[] cdiSpecs) =>
        new(NvidiaSmi.ParseGpus(nvidiaSmi), nvidiaRuntime, cdiSpecs, null);

    static HostGpuFacts Driver535 => Gpus("NVIDIA A100-SXM4-80GB, 535.104.05, 8.0, 81920 MiB");

    static ImageSpec Image(CudaRelease cuda) =>
        new($"{cuda.Full}-base-ubuntu22.04", $"cuda:{cuda.Full}-base-ubuntu22.04", [], "base", null, cuda,
            new Distro("ubuntu22.04", "Ubuntu 22.04", "ubuntu:22.04", new PackageSource("nvidia", "NVIDIA", null, false, []), null, null, [], []),
            "ubuntu:22.04", [], [], [], null, null, null, $"cuda>={cuda.Line}", new Dictionary<string, string>(), "", [], "sha256:0");

    static IReadOnlyList<ImageSpec> Matrix => [Image(Cuda11_8_0), Image(Cuda("12.0.1", "525.85.12", "525.60.13")), Image(Cuda12_4_1),
        Image(Cuda("12.8.1", "570.124.06", "525.60.13")), Image(Cuda13_0_0)];

    static DoctorReport Examine(HostGpuFacts gpus, EngineInfo? engine = null, long? needed = null) =>
        Doctor.Examine(engine ?? Engine("nvidia"), null, gpus, Matrix, needed);

    static DoctorCheck Check(DoctorReport report, string name) => report.Checks.Single(c => c.Name == name);

    static ImageVerdict Verdict(DoctorReport report, CudaRelease cuda) => report.Images.Single(i => i.Cuda == cuda.Full);

    [Fact]
    public void H200_host_with_the_nvidia_runtime_is_gpu_ready_and_runs_every_image_fully()
    {
        var report = Examine(Gpus(H200));

        report.Ready.ShouldBeTrue();
        report.GpuReady.ShouldBeTrue();
        report.Checks.ShouldAllBe(c => c.Status == DoctorStatus.Ok);
        Check(report, Doctor.GpuCheck).Detail.ShouldBe("NVIDIA H200, driver 580.159.03, 143771 MiB");
        report.Images.Select(i => i.Level).ShouldAllBe(l => l == DriverSupportLevel.Full);
    }

    [Fact]
    public void Driver_535_runs_cuda_12_4_through_minor_version_compatibility() =>
        Verdict(Examine(Driver535), Cuda12_4_1).Level.ShouldBe(DriverSupportLevel.MinorVersionCompatibility);

    [Fact]
    public void Driver_535_runs_cuda_11_8_fully() =>
        Verdict(Examine(Driver535), Cuda11_8_0).Level.ShouldBe(DriverSupportLevel.Full);

    [Fact]
    public void Driver_535_does_not_run_cuda_13_and_says_which_minimum_it_misses() =>
        Verdict(Examine(Driver535), Cuda13_0_0).ShouldBe(new ImageVerdict("13.0.0-base-ubuntu22.04", "13.0.0",
            DriverSupportLevel.NotSupported, "driver 535.104.05 is older than CUDA 13.0's minimum 580.65.06 (minor-version compatibility)"));

    [Fact]
    public void Gpus_without_nvidia_runtime_or_cdi_spec_fail_the_runtime_check_with_the_nvidia_ctk_fix()
    {
        var report = Examine(Gpus(H200, nvidiaRuntime: false), Engine());

        var runtime = Check(report, Doctor.RuntimeCheck);
        runtime.Status.ShouldBe(DoctorStatus.Fail);
        runtime.Detail.ShouldContain("no runtime \"nvidia\" among the engine's runtimes (runc)");
        runtime.Fix!.ShouldContain("sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker");
        runtime.Fix!.ShouldContain("sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml");
        report.Ready.ShouldBeTrue();
        report.GpuReady.ShouldBeFalse();
    }

    [Fact]
    public void Cpu_host_whose_nvidia_runtime_is_runc_is_told_it_is_a_stand_in_that_gives_no_gpu_not_ok()
    {
        var engine = Engine("nvidia") with { RuntimePrograms = new Dictionary<string, string> { ["runc"] = "runc", ["nvidia"] = "runc" } };

        var report = Examine(HostGpus.Facts(engine, [], NvidiaSmiAnswer.NotInstalled), engine);

        var runtime = Check(report, Doctor.RuntimeCheck);
        runtime.Status.ShouldBe(DoctorStatus.Warn);
        runtime.Detail.ShouldStartWith("runtime \"nvidia\" is runc, a stand-in that gives containers no GPU");
        runtime.Fix.ShouldBe(Doctor.RuntimeFix);
        report.GpuReady.ShouldBeFalse();
    }

    [Fact]
    public void Gpu_host_whose_nvidia_runtime_is_runc_fails_the_runtime_check()
    {
        var engine = Engine("nvidia") with { RuntimePrograms = new Dictionary<string, string> { ["nvidia"] = "/usr/bin/runc" } };

        var report = Examine(HostGpus.Facts(engine, [], NvidiaSmiAnswer.Printed(H200)), engine);

        Check(report, Doctor.RuntimeCheck).Status.ShouldBe(DoctorStatus.Fail);
        Check(report, Doctor.RuntimeCheck).Detail.ShouldContain("runtime \"nvidia\" is /usr/bin/runc, a stand-in");
        report.GpuReady.ShouldBeFalse();
    }

    [Fact]
    public void Cdi_spec_without_nvidia_runtime_passes_the_runtime_check()
    {
        var report = Examine(Gpus(H200, false, "/etc/cdi/nvidia.yaml"), Engine());

        Check(report, Doctor.RuntimeCheck).ShouldBe(new DoctorCheck(Doctor.RuntimeCheck, DoctorStatus.Ok, "CDI specs /etc/cdi/nvidia.yaml"));
        report.GpuReady.ShouldBeTrue();
    }

    [Fact]
    public void Unreachable_engine_is_not_ready_and_says_how_to_start_it()
    {
        var report = Doctor.Examine(null, "cannot reach the engine at unix:///var/run/docker.sock", Gpus(H200), Matrix, 10 * Gigabyte);

        var engine = Check(report, Doctor.EngineCheck);
        engine.Status.ShouldBe(DoctorStatus.Fail);
        engine.Detail.ShouldBe("cannot reach the engine at unix:///var/run/docker.sock");
        engine.Fix!.ShouldContain("dockerd");
        engine.Fix!.ShouldContain("systemctl start docker");
        engine.Fix!.ShouldContain("DOCKER_HOST");
        report.Ready.ShouldBeFalse();
        report.GpuReady.ShouldBeFalse();
        report.ExitCode.ShouldBe(1);
    }

    [Fact]
    public void Reachable_engine_reports_version_storage_driver_and_free_disk() =>
        Check(Examine(Gpus(H200)), Doctor.EngineCheck).Detail.ShouldBe(
            "Docker 28.3.0 (API 1.51), storage driver overlay2 at /var/lib/docker, 500.00 GB free");

    [Fact]
    public void Reachable_engine_reports_its_endpoint_and_whether_TLS_protects_the_connection() =>
        Check(Examine(Gpus(H200), Engine() with { Connection = "tcp://build-host:2376, TLS, engine verified against /certs/ca.pem, client certificate /certs/cert.pem" }),
            Doctor.EngineCheck).Detail.ShouldStartWith("tcp://build-host:2376, TLS, engine verified against /certs/ca.pem, client certificate /certs/cert.pem; Docker 28.3.0");

    [Fact]
    public void Cpu_only_host_is_ready_for_building_and_its_gpu_checks_warn()
    {
        var report = Examine(HostGpuFacts.CpuOnly, Engine());

        report.Ready.ShouldBeTrue();
        report.ExitCode.ShouldBe(0);
        report.GpuReady.ShouldBeFalse();
        Check(report, Doctor.RuntimeCheck).Status.ShouldBe(DoctorStatus.Warn);
        Check(report, Doctor.GpuCheck).ShouldBe(new DoctorCheck(Doctor.GpuCheck, DoctorStatus.Warn,
            "CPU-only host: nvidia-smi is not installed or sees no GPU",
            "install the NVIDIA driver (e.g. apt-get install nvidia-driver) — CPU-only hosts can build and run CPU smoke checks"));
        report.Images.ShouldAllBe(i => i.Level == null && i.Explanation == "no driver: GPU checks will report not run");
    }

    [Fact]
    public void Failing_nvidia_smi_fails_the_gpu_check_but_not_readiness()
    {
        var report = Examine(HostGpuFacts.CpuOnly with { NvidiaSmiError = "nvidia-smi exited with 9: no driver loaded" });

        Check(report, Doctor.GpuCheck).Status.ShouldBe(DoctorStatus.Fail);
        Check(report, Doctor.GpuCheck).Detail.ShouldBe("nvidia-smi exited with 9: no driver loaded");
        report.Ready.ShouldBeTrue();
    }

    [Fact]
    public void Too_little_free_disk_is_not_ready_and_says_how_much_to_free()
    {
        var report = Examine(Gpus(H200), Engine("nvidia") with { FreeBytes = 20 * Gigabyte }, needed: 50 * Gigabyte);

        var disk = Check(report, Doctor.DiskCheck);
        disk.Status.ShouldBe(DoctorStatus.Fail);
        disk.Fix!.ShouldStartWith("free 30.00 GB");
        report.Ready.ShouldBeFalse();
    }

    [Fact]
    public void Disk_check_appears_only_when_the_needed_space_is_known() =>
        Examine(Gpus(H200)).Checks.Select(c => c.Name).ShouldBe([Doctor.EngineCheck, Doctor.RuntimeCheck, Doctor.GpuCheck]);

    [Fact]
    public void Table_shows_each_check_with_its_status_and_fix()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 400;

        console.Write(DoctorTable.Render(Examine(HostGpuFacts.CpuOnly, Engine())));

        output.ToString().ShouldContain("Host driver and GPUs");
        output.ToString().ShouldContain("warn");
        output.ToString().ShouldContain("apt-get install nvidia-driver");
        output.ToString().ShouldContain("no driver: GPU checks will report not run");
    }

    [Fact]
    public void Json_file_is_camel_case_with_a_schema_version()
    {
        var path = Path.Combine(Path.GetTempPath(), $"doctor-{Guid.NewGuid():N}", DoctorFile.RelativePath);
        try
        {
            DoctorFile.Write(path, Examine(Driver535));

            var json = File.ReadAllText(path);
            json.ShouldContain("\"schemaVersion\": 1");
            json.ShouldContain("\"gpuReady\": true");
            json.ShouldContain("\"status\": \"ok\"");
            json.ShouldContain("\"level\": \"minorVersionCompatibility\"");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
