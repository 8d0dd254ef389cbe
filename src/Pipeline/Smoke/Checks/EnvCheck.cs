using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>The variables the NVIDIA Container Toolkit reads, and CUDA_VERSION, are set as the plan says.</summary>
public sealed class EnvCheck : ISmokeCheck
{
    public SmokeCheckDescriptor Descriptor { get; } = new("env", NeedsGpu: false);

    string Name => Descriptor.Name;

    public async Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        var (run, seconds) = await context.RunAsync("env", cancellationToken);
        if (run.TimedOut) return context.TimedOut(Name, run, seconds);
        if (run.ExitCode != 0) return context.Failed(Name, $"env exited with {run.ExitCode}", run.Output, seconds);

        var actual = run.Output.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Contains('='))
            .Select(l => l.Split('=', 2))
            .GroupBy(kv => kv[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);
        var wrong = Expected(context)
            .Where(e => !actual.TryGetValue(e.Key, out var value) || value != e.Value)
            .Select(e => actual.TryGetValue(e.Key, out var value)
                ? $"{e.Key} is '{value}', expected '{e.Value}'"
                : $"{e.Key} is missing, expected '{e.Value}'")
            .ToList();
        return wrong.Count == 0
            ? context.Passed(Name, run.Output, seconds)
            : context.Failed(Name, string.Join("; ", wrong), run.Output, seconds);
    }

    static IReadOnlyDictionary<string, string> Expected(SmokeContext context) => new Dictionary<string, string>
    {
        ["NVIDIA_VISIBLE_DEVICES"] = "all",
        ["NVIDIA_DRIVER_CAPABILITIES"] = "compute,utility",
        ["NVIDIA_REQUIRE_CUDA"] = context.Image.RequireCuda,
        ["CUDA_VERSION"] = context.Image.Cuda.Full,
    };
}
