using CudaImages.Docker;
using CudaImages.Model;
using CudaImages.Planning;

namespace CudaImages.Smoke;

/// <summary>Ok; Warn: building works, GPU checks will not run; Fail: something must be fixed.</summary>
public enum DoctorStatus { Ok, Warn, Fail }

/// <summary>One thing the doctor looked at, what it found, and the command that fixes it.</summary>
public sealed record DoctorCheck(string Name, DoctorStatus Status, string Detail, string? Fix = null)
{
    public bool Ok => Status == DoctorStatus.Ok;
}

/// <summary>Whether this host's driver runs one image; Level is null when the host has no driver.</summary>
public sealed record ImageVerdict(string Tag, string Cuda, DriverSupportLevel? Level, string Explanation);

/// <summary>
/// Ready: images can be built and smoke-checked (the engine answers, disk suffices); GpuReady: GPU checks will run too.
/// </summary>
public sealed record DoctorReport(IReadOnlyList<DoctorCheck> Checks, IReadOnlyList<ImageVerdict> Images, bool Ready, bool GpuReady)
{
    /// <summary>The Doctor target's exit code: 0 ready, 1 not.</summary>
    public int ExitCode => Ready ? 0 : 1;
}

/// <summary>Examines the host for building and smoke-testing images; pure, the facts come in gathered.</summary>
public static class Doctor
{
    public const string EngineCheck = "Docker Engine";
    public const string DiskCheck = "Free disk";
    public const string RuntimeCheck = "NVIDIA container runtime";
    public const string GpuCheck = "Host driver and GPUs";

    public const string NoDriverExplanation = "no driver: GPU checks will report not run";

    public const string EngineFix = "start the engine (sudo dockerd, or sudo systemctl start docker), or point DOCKER_HOST at a running one";
    public const string RuntimeFix = "sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker, " +
                                     "or sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml";
    public const string DriverFix = "install the NVIDIA driver (e.g. apt-get install nvidia-driver) — CPU-only hosts can build and run CPU smoke checks";
    public const string NvidiaSmiFix = "run nvidia-smi on the host: the driver may not be loaded (reboot after installing it) or may not match its kernel module";

    public const string PlatformCheck = "Platform";

    /// <summary>This host's platform, and for each planned platform other than it whether its programs run here (qemu through binfmt_misc).</summary>
    public static IReadOnlyList<DoctorCheck> Platforms(IEnumerable<Model.Platform> planned, Model.Platform host, Func<Model.Platform, string?> emulationProblem)
    {
        var checks = new List<DoctorCheck> { new(PlatformCheck, DoctorStatus.Ok, $"this host is {host}: its images build and run natively") };
        foreach (var platform in planned.Distinct().Where(p => p != host))
            checks.Add(emulationProblem(platform) is { } problem
                ? new($"{platform} emulation", DoctorStatus.Fail, problem, Building.Emulation.Commands(platform))
                : new($"{platform} emulation", DoctorStatus.Ok, $"{platform} programs run here through {platform.QemuName} (binfmt_misc, F flag): builds and CPU smoke checks are emulated, GPU checks run on {platform} runners"));
        return checks;
    }

    public static DoctorReport Examine(EngineInfo? engine, string? engineError, HostGpuFacts gpus, IReadOnlyList<ImageSpec> images, long? freeBytesNeeded)
    {
        var engineCheck = Engine(engine, engineError);
        var diskCheck = engine is not null && freeBytesNeeded is { } needed ? Disk(engine, needed) : null;
        var checks = new[] { engineCheck, diskCheck, Runtime(engine, gpus), Gpus(gpus) }.OfType<DoctorCheck>().ToList();
        var ready = engineCheck.Ok && diskCheck?.Status != DoctorStatus.Fail;
        return new(checks, images.Select(i => Verdict(i, HostGpus.Driver(gpus))).ToList(), ready, ready && HostGpus.GpuReady(gpus));
    }

    static DoctorCheck Engine(EngineInfo? engine, string? engineError) => engine is null
        ? new(EngineCheck, DoctorStatus.Fail, engineError ?? "the engine did not answer", EngineFix)
        : new(EngineCheck, DoctorStatus.Ok,
            (engine.Connection.Length > 0 ? $"{engine.Connection}; " : "") +
            $"Docker {engine.Version} (API {engine.ApiVersion}), storage driver {engine.StorageDriver} at {engine.RootDirectory}, " +
            (engine.FreeBytes is { } free ? $"{Size.Format(free)} free" : "free space unknown"));

    static DoctorCheck Disk(EngineInfo engine, long needed) => engine.FreeBytes switch
    {
        null => new(DiskCheck, DoctorStatus.Warn, $"the engine does not say how much of {engine.RootDirectory} is free; the images not yet built need about {Size.Format(needed)}"),
        { } free when free >= needed => new(DiskCheck, DoctorStatus.Ok, $"{Size.Format(free)} free under {engine.RootDirectory}, the images not yet built need about {Size.Format(needed)}"),
        { } free => new(DiskCheck, DoctorStatus.Fail,
            $"{Size.Format(free)} free under {engine.RootDirectory}, the images not yet built need about {Size.Format(needed)}",
            $"free {Size.Format(needed - free)} (docker system prune, docker builder prune) or build fewer images (--cuda, --flavor)"),
    };

    // Without GPUs a missing runtime only stops GPU checks, which could not run anyway: a warning, not a failure.
    static DoctorCheck Runtime(EngineInfo? engine, HostGpuFacts gpus)
    {
        var ways = new List<string>();
        if (gpus.NvidiaRuntime) ways.Add("runtime \"nvidia\" registered with the engine");
        if (gpus.CdiSpecs.Count > 0) ways.Add($"CDI specs {string.Join(", ", gpus.CdiSpecs)}");
        var standIn = gpus.NvidiaRuntimeStandIn is { } program ? StandInNote(program) : null;
        if (ways.Count > 0)
            return new(RuntimeCheck, DoctorStatus.Ok, string.Join("; ", standIn is null ? ways : ways.Append(standIn)));
        var noCdi = "no CDI specs in " + string.Join(" or ", HostGpuProbe.DefaultCdiDirectories);
        var detail = standIn is not null ? $"{standIn}, and {noCdi}"
            : engine is null ? $"{noCdi}, and the engine's runtimes are unknown"
            : $"no runtime \"nvidia\" among the engine's runtimes ({string.Join(", ", engine.Runtimes)}) and {noCdi}";
        return new(RuntimeCheck, gpus.Gpus.Count > 0 ? DoctorStatus.Fail : DoctorStatus.Warn, detail, RuntimeFix);
    }

    public static string StandInNote(string program) =>
        $"runtime \"nvidia\" is {program}, a stand-in that gives containers no GPU (--runtime nvidia works, GPU checks cannot)";

    static DoctorCheck Gpus(HostGpuFacts gpus)
    {
        if (gpus.NvidiaSmiError is { } error)
            return new(GpuCheck, DoctorStatus.Fail, error, NvidiaSmiFix);
        if (gpus.Gpus.Count == 0)
            return new(GpuCheck, DoctorStatus.Warn, $"{SmokeHost.CpuOnly}: nvidia-smi is not installed or sees no GPU", DriverFix);
        var memory = gpus.Gpus[0].MemoryMiB is { } mib ? $", {mib} MiB" : "";
        return new(GpuCheck, DoctorStatus.Ok, HostGpus.Host(gpus).Description + memory);
    }

    static ImageVerdict Verdict(ImageSpec image, DriverVersion? driver)
    {
        if (driver is null) return new(image.Tag, image.Cuda.Full, null, NoDriverExplanation);
        var support = DriverSupport.For(driver, image.Cuda);
        return new(image.Tag, image.Cuda.Full, support.Level, support.Explanation);
    }
}
