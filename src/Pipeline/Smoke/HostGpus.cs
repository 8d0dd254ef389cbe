using System.ComponentModel;
using System.Diagnostics;
using CudaImages.Docker;
using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>What the host offers GPU containers: its GPUs, and whether the engine can hand them to a container.</summary>
public sealed record HostGpuFacts(IReadOnlyList<Gpu> Gpus, bool NvidiaRuntime, IReadOnlyList<string> CdiSpecs, string? NvidiaSmiError)
{
    public static HostGpuFacts CpuOnly { get; } = new([], false, [], null);

    /// <summary>
    /// The program of a runtime registered as "nvidia" that is not NVIDIA's (runc, as CPU hosts register it so that
    /// --runtime nvidia works): containers start, but get no GPU. <see cref="NvidiaRuntime"/> is false then.
    /// </summary>
    public string? NvidiaRuntimeStandIn { get; init; }
}

/// <summary>What nvidia-smi answered: nothing when it is not installed, its output, or why it failed.</summary>
public sealed record NvidiaSmiAnswer(bool Installed, string Output, string? Error)
{
    public static NvidiaSmiAnswer NotInstalled { get; } = new(false, "", null);
    public static NvidiaSmiAnswer Printed(string output) => new(true, output, null);
    public static NvidiaSmiAnswer Failed(string error) => new(true, "", error);
}

/// <summary>Decisions over <see cref="HostGpuFacts"/>; pure, so every host can be described in a test.</summary>
public static class HostGpus
{
    public const string NvidiaRuntimeName = "nvidia";

    /// <summary>The facts from what the engine, the CDI directories and nvidia-smi said; an unreadable nvidia-smi output is recorded, not thrown.</summary>
    public static HostGpuFacts Facts(EngineInfo? engine, IReadOnlyList<string> cdiSpecs, NvidiaSmiAnswer nvidiaSmi)
    {
        var standIn = NvidiaRuntimeStandIn(engine);
        var runtime = (engine?.Runtimes.Contains(NvidiaRuntimeName) ?? false) && standIn is null;
        HostGpuFacts Facts(IReadOnlyList<Gpu> gpus, string? error) => new(gpus, runtime, cdiSpecs, error) { NvidiaRuntimeStandIn = standIn };
        if (nvidiaSmi.Error is not null)
            return Facts([], nvidiaSmi.Error);
        try
        {
            return Facts(NvidiaSmi.ParseGpus(nvidiaSmi.Output), null);
        }
        catch (FormatException e)
        {
            return Facts([], e.Message);
        }
    }

    /// <summary>
    /// The program of the "nvidia" runtime when it is not one of NVIDIA's (nvidia-container-runtime and its variants all
    /// carry "nvidia" in their name); null when there is no such runtime, it is NVIDIA's, or the engine does not say.
    /// </summary>
    public static string? NvidiaRuntimeStandIn(EngineInfo? engine) =>
        engine?.RuntimePrograms.GetValueOrDefault(NvidiaRuntimeName) is { Length: > 0 } program &&
        !Path.GetFileName(program).Contains("nvidia", StringComparison.OrdinalIgnoreCase)
            ? program
            : null;

    public static SmokeHost Host(HostGpuFacts facts) => new(facts.Gpus);

    /// <summary>The driver containers get: all GPUs of a host share one, so the first one's.</summary>
    public static DriverVersion? Driver(HostGpuFacts facts) => facts.Gpus.Count > 0 ? facts.Gpus[0].Driver : null;

    /// <summary>The engine can give a container GPUs through the nvidia runtime or a CDI device.</summary>
    public static bool CanPassGpus(HostGpuFacts facts) => facts.NvidiaRuntime || facts.CdiSpecs.Count > 0;

    /// <summary>GPU smoke checks can run: there are GPUs and a way to hand them to containers.</summary>
    public static bool GpuReady(HostGpuFacts facts) => facts.Gpus.Count > 0 && CanPassGpus(facts);
}

/// <summary>Gathers <see cref="HostGpuFacts"/> from this host; the CDI directories and nvidia-smi are parameters so tests can stand in for them.</summary>
public sealed class HostGpuProbe(IReadOnlyList<string> cdiDirectories, Func<CancellationToken, Task<NvidiaSmiAnswer>> nvidiaSmi)
{
    public static IReadOnlyList<string> DefaultCdiDirectories { get; } = ["/etc/cdi", "/var/run/cdi"];

    static readonly TimeSpan NvidiaSmiTimeout = TimeSpan.FromSeconds(30);

    public static HostGpuProbe ForThisHost() => new(DefaultCdiDirectories, RunNvidiaSmiAsync);

    public async Task<HostGpuFacts> ProbeAsync(EngineInfo? engine, CancellationToken cancellationToken) =>
        HostGpus.Facts(engine, CdiSpecs(cdiDirectories), await nvidiaSmi(cancellationToken));

    /// <summary>The CDI spec files (*.json, *.yaml) in the directories that exist, sorted.</summary>
    public static IReadOnlyList<string> CdiSpecs(IReadOnlyList<string> directories) =>
        directories.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d))
            .Where(f => Path.GetExtension(f) is ".json" or ".yaml")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Runs the host's nvidia-smi with <see cref="NvidiaSmi.QueryArguments"/>; not on PATH means no GPUs.</summary>
    public static async Task<NvidiaSmiAnswer> RunNvidiaSmiAsync(CancellationToken cancellationToken)
    {
        if (!Programs.OnPath("nvidia-smi")) return NvidiaSmiAnswer.NotInstalled;
        var start = new ProcessStartInfo("nvidia-smi", NvidiaSmi.QueryArguments)
        { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            return NvidiaSmiAnswer.Failed($"nvidia-smi could not be started: {e.Message}");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(NvidiaSmiTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return NvidiaSmiAnswer.Failed($"nvidia-smi did not answer within {NvidiaSmiTimeout.TotalSeconds:0}s");
            }
            if (process.ExitCode != 0)
            {
                var message = ((await error).Trim() is { Length: > 0 } e ? e : (await output).Trim());
                return NvidiaSmiAnswer.Failed($"nvidia-smi exited with {process.ExitCode}: {message}");
            }
            return NvidiaSmiAnswer.Printed(await output);
        }
    }
}
