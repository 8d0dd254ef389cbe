using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>
/// The libraries the flavor promises are in the linker cache, and every CUDA library's own dependencies resolve
/// (libcuda.so.1 excepted: the Container Toolkit injects it from the host).
/// </summary>
public sealed class CudaLibsCheck : ISmokeCheck
{
    public SmokeCheckDescriptor Descriptor { get; } = new("cuda-libs", NeedsGpu: false);

    string Name => Descriptor.Name;

    // Prints "missing: <name>" per promised library not in ldconfig -p, "unresolved: <file>: <dependency> => not found" per broken dependency.
    const string Script = """
        cache=$(ldconfig -p)
        for name in $LIBRARIES; do
          echo "$cache" | grep -qE "^[[:space:]]+$(echo "$name" | sed 's/\./\\./g')(\.[0-9.]+)? " || echo "missing: $name"
        done
        for f in /usr/local/cuda/lib64/*.so* /usr/lib/x86_64-linux-gnu/libcu*.so* /usr/lib/x86_64-linux-gnu/libnv*.so* /usr/lib/x86_64-linux-gnu/libnpp*.so*; do
          [ -f "$f" ] && [ ! -L "$f" ] || continue
          ldd "$f" 2>/dev/null | grep 'not found' | grep -v 'libcuda\.so\.1' | sed "s|^[[:space:]]*|unresolved: $f: |"
        done
        exit 0
        """;

    public async Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        var (run, seconds) = await context.RunAsync(Script, cancellationToken,
            environment: new Dictionary<string, string> { ["LIBRARIES"] = string.Join(' ', context.Image.Libraries) });
        if (run.TimedOut) return context.TimedOut(Name, run, seconds);
        var problems = run.Output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("missing: ", StringComparison.Ordinal) || l.StartsWith("unresolved: ", StringComparison.Ordinal))
            .ToList();
        if (run.ExitCode != 0) return context.Failed(Name, $"the library check exited with {run.ExitCode}", run.Output, seconds);
        return problems.Count == 0
            ? context.Passed(Name, $"{context.Image.Libraries.Count} libraries in ldconfig -p, every CUDA library's dependencies resolve", seconds)
            : context.Failed(Name, string.Join("; ", problems), run.Output, seconds);
    }
}
