using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>The driver the Container Toolkit injects answers nvidia-smi inside the image and sees the GPUs.</summary>
public sealed class NvidiaSmiCheck : ISmokeCheck
{
    public SmokeCheckDescriptor Descriptor { get; } = new("nvidia-smi", NeedsGpu: true);

    string Name => Descriptor.Name;

    public async Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        if (!context.Host.HasGpu) return context.NotRun(Name, NotRunReason.NoGpu);
        var (run, seconds) = await context.RunAsync($"nvidia-smi {NvidiaSmi.QueryArguments}", cancellationToken, gpu: true);
        if (run.TimedOut) return context.TimedOut(Name, run, seconds);
        if (run.ExitCode != 0) return context.Failed(Name, $"nvidia-smi exited with {run.ExitCode}", run.Output, seconds);
        try
        {
            var gpus = NvidiaSmi.ParseGpus(run.Output);
            return gpus.Count == 0
                ? context.Failed(Name, "nvidia-smi in the container lists no GPU", run.Output, seconds)
                : context.Passed(Name, string.Join('\n', gpus.Select(g => $"{g.Name}, driver {g.Driver}, compute {g.ComputeCapability ?? "?"}")), seconds);
        }
        catch (FormatException e)
        {
            return context.Failed(Name, e.Message, run.Output, seconds);
        }
    }
}
