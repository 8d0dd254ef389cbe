using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>
/// The image carries no driver libraries: they would shadow the host driver the Container Toolkit injects
/// ("CUDA driver version is insufficient"). The toolkit's link stubs and libnvidia-ml-dev (headers) are fine.
/// </summary>
public sealed class NoDriverInImageCheck : ISmokeCheck
{
    public SmokeCheckDescriptor Descriptor { get; } = new("no-driver-in-image", NeedsGpu: false);

    string Name => Descriptor.Name;

    const string Script = """
        find / -xdev \( -name 'libcuda.so*' -o -name 'libnvidia-ml.so*' -o -name 'libnvidia-ptxjitcompiler*' \) -not -path '*/stubs/*' 2>/dev/null \
          | sed 's/^/driver file: /'
        dpkg-query -W -f='${Package} ${db:Status-Status}\n' 2>/dev/null \
          | awk '$2 == "installed" && ($1 == "libcuda1" || $1 ~ /^libnvidia-/) && $1 != "libnvidia-ml-dev" { print "driver package: " $1 }'
        exit 0
        """;

    public async Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        var (run, seconds) = await context.RunAsync(Script, cancellationToken);
        if (run.TimedOut) return context.TimedOut(Name, run, seconds);
        var found = run.Output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("driver ", StringComparison.Ordinal))
            .ToList();
        return found.Count == 0
            ? context.Passed(Name, "no driver libraries or packages", seconds)
            : context.Failed(Name, $"the image carries the driver, which must come from the host: {string.Join("; ", found)}", run.Output, seconds);
    }
}
