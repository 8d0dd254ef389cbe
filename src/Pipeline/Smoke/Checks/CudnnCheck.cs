using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>
/// cuDNN resolves: libcudnn is in the linker cache and its libraries' dependencies resolve (libcuda.so.1 excepted: the
/// host brings it); where the image has its headers, cudnn.h is found. On a GPU, where the image has a compiler,
/// images/smoke/cudnn_conv.c runs cudnnCreate and a small convolution checked against the CPU; without a GPU that
/// part is said to be not run, never passed.
/// </summary>
public sealed class CudnnCheck : ISmokeCheck
{
    // The convolution needs a GPU; that the library resolves, what every image of the flavor must show, does not.
    public SmokeCheckDescriptor Descriptor { get; } = new("cudnn", NeedsGpu: false);

    string Name => Descriptor.Name;

    public const string Program = "cudnn_conv.c";

    // Prints "problem: ..." per problem; "headers: yes" where cudnn.h is there; "compiler: yes" where nvcc can build the convolution.
    const string ResolveScript = """
        cache=$(ldconfig -p)
        echo "$cache" | grep -qE '^[[:space:]]+libcudnn\.so\.[0-9]+ ' || echo "problem: no libcudnn.so.N in ldconfig -p"
        for f in $(echo "$cache" | sed -n 's/.*=> \(.*libcudnn[^ ]*\.so\.[0-9][0-9.]*\)$/\1/p' | sort -u); do
          real=$(readlink -f "$f")
          ldd "$real" 2>/dev/null | grep 'not found' | grep -v 'libcuda\.so\.1' | sed "s|^[[:space:]]*|problem: $real needs |"
        done
        if [ -n "$CUDNN_DEV" ]; then
          { [ -e /usr/include/cudnn.h ] || [ -e /usr/include/x86_64-linux-gnu/cudnn_v9.h ] || [ -e /usr/include/x86_64-linux-gnu/cudnn_v8.h ]; } \
            && echo "headers: yes" || echo "problem: the image installs cuDNN's headers, but cudnn.h is not in /usr/include"
        fi
        command -v /usr/local/cuda/bin/nvcc >/dev/null && command -v g++ >/dev/null && echo "compiler: yes"
        exit 0
        """;

    const string ConvolutionScript = """
        set -e
        /usr/local/cuda/bin/nvcc -o /tmp/cudnn_conv -x cu /smoke/cudnn_conv.c -lcudnn
        exec /tmp/cudnn_conv
        """;

    public async Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        var development = context.Image.Packages.Any(p => p.StartsWith("libcudnn", StringComparison.Ordinal) && p.Contains("-dev", StringComparison.Ordinal));
        var (run, seconds) = await context.RunAsync(ResolveScript, cancellationToken,
            environment: new Dictionary<string, string> { ["CUDNN_DEV"] = development ? "yes" : "" });
        if (run.TimedOut) return context.TimedOut(Name, run, seconds);
        if (run.ExitCode != 0) return context.Failed(Name, $"the cuDNN check exited with {run.ExitCode}", run.Output, seconds);
        var lines = run.Output.Split('\n').Select(l => l.Trim()).ToList();
        var problems = lines.Where(l => l.StartsWith("problem: ", StringComparison.Ordinal)).Select(l => l["problem: ".Length..]).ToList();
        if (problems.Count > 0) return context.Failed(Name, string.Join("; ", problems), run.Output, seconds);
        var resolved = "libcudnn is in ldconfig -p and its dependencies resolve" + (lines.Contains("headers: yes") ? "; cudnn.h is there" : "");
        if (!context.Host.HasGpu) return context.Passed(Name, $"{resolved}; convolution not run: no GPU", seconds);
        if (!lines.Contains("compiler: yes")) return context.Passed(Name, $"{resolved}; convolution not run: no compiler in this image (the devel cuDNN image runs it)", seconds);
        var (gpuRun, gpuSeconds) = await context.RunAsync(ConvolutionScript, cancellationToken, gpu: true,
            mounts: [(context.SmokeSources, "/smoke", true)]);
        var verdict = context.Judged(Name, gpuRun, seconds + gpuSeconds);
        return verdict.Status == SmokeStatus.Passed
            ? context.Passed(Name, $"{resolved}; cudnnCreate and a convolution match the CPU on the GPU", seconds + gpuSeconds)
            : verdict with { Reason = $"{resolved}; convolution: {verdict.Reason}" };
    }
}
