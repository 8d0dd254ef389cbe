using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>
/// nvcc reports the image's CUDA release and compiles images/smoke/vector_add.cu into real cubins for the datacenter
/// architectures of the release (sm_80, sm_90) plus PTX for the newest; the binary is kept for the kernel check.
/// </summary>
public sealed class NvccCheck : ISmokeCheck
{
    public SmokeCheckDescriptor Descriptor { get; } = new("nvcc", NeedsGpu: false);

    string Name => Descriptor.Name;

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    const long MemoryBytes = 4L * 1024 * 1024 * 1024;

    // Every architecture of a release would take minutes of CPU; these prove the toolchain and cover the GPUs CI has.
    static readonly string[] Compiled = ["sm_80", "sm_90"];

    public async Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        var architectures = Architectures(context);
        Directory.CreateDirectory(context.VectorAddFolder);
        File.Delete(context.VectorAdd);
        var script = $"""
            set -e
            nvcc --version
            nvcc --version | grep -q 'release {context.CudaLine},' || (echo "nvcc is not release {context.CudaLine}"; exit 1)
            nvcc {string.Join(' ', architectures.Select(GenCode))} -o /out/vector_add /smoke/vector_add.cu
            cuobjdump --list-elf /out/vector_add
            cuobjdump --list-ptx /out/vector_add
            """;
        var (run, seconds) = await context.RunAsync(script, cancellationToken, timeout: Timeout, memoryBytes: MemoryBytes,
            mounts: [(context.SmokeSources, "/smoke", true), (context.VectorAddFolder, "/out", false)]);
        if (run.TimedOut) return context.TimedOut(Name, run, seconds);
        if (run.ExitCode != 0)
            return context.Failed(Name, LastLine(run.Output) ?? $"nvcc exited with {run.ExitCode}", run.Output, seconds);
        var missing = architectures.Where(a => !run.Output.Contains($"{a.Name}.cubin", StringComparison.Ordinal)).Select(a => $"{a.Name}.cubin")
            .Concat(architectures.Where(a => a.Ptx && !run.Output.Contains($"{a.Name}.ptx", StringComparison.Ordinal)).Select(a => $"{a.Name}.ptx"))
            .ToList();
        return missing.Count == 0
            ? context.Passed(Name, run.Output, seconds)
            : context.Failed(Name, $"cuobjdump does not list {string.Join(", ", missing)} in vector_add", run.Output, seconds);
    }

    static IReadOnlyList<(string Name, bool Ptx)> Architectures(SmokeContext context)
    {
        var chosen = context.Image.Cuda.Architectures.Where(a => Compiled.Contains(a)).ToList();
        if (chosen.Count == 0 && context.Image.Cuda.Architectures.Count > 0) chosen = [context.Image.Cuda.Architectures[^1]];
        return chosen.Select((a, i) => (a, i == chosen.Count - 1)).ToList();
    }

    static string GenCode((string Name, bool Ptx) architecture)
    {
        var number = architecture.Name["sm_".Length..];
        return architecture.Ptx
            ? $"-gencode 'arch=compute_{number},code=[sm_{number},compute_{number}]'"
            : $"-gencode arch=compute_{number},code=sm_{number}";
    }

    static string? LastLine(string output) =>
        output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
}
