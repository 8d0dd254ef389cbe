using CudaImages.Model;
namespace CudaImages.Smoke;

/// <summary>
/// NVIDIA's layout, where build scripts written for NVIDIA's images look: /usr/local/cuda, /usr/local/cuda-X and
/// /usr/local/cuda-X.Y resolve to one tree; cudart is in its lib64; an image with a compiler has
/// /usr/local/cuda/bin/nvcc of the image's release and the headers in include/; an image that installs Nsight Compute
/// runs <c>ncu --version</c>.
/// </summary>
public sealed class LayoutCheck : ISmokeCheck
{
    public SmokeCheckDescriptor Descriptor { get; } = new("layout", NeedsGpu: false);

    string Name => Descriptor.Name;

    // Prints "problem: ..." per broken promise; the listing of /usr/local goes into the log.
    const string Script = """
        problem() { echo "problem: $*"; }
        for entry in /usr/local/cuda /usr/local/cuda-$MAJOR /usr/local/cuda-$LINE; do
          [ -d "$entry" ] || problem "$entry does not resolve to a folder"
        done
        tree=$(readlink -f /usr/local/cuda-$LINE)
        for entry in /usr/local/cuda /usr/local/cuda-$MAJOR; do
          [ "$(readlink -f $entry)" = "$tree" ] || problem "$entry does not point at /usr/local/cuda-$LINE"
        done
        ls -l /usr/local | grep cuda
        if [ "$CUDART" = yes ]; then
          ls /usr/local/cuda/lib64/libcudart.so* || problem "no libcudart.so in /usr/local/cuda/lib64"
        fi
        if [ "$COMPILER" = yes ]; then
          /usr/local/cuda/bin/nvcc --version | grep "release $LINE," || problem "/usr/local/cuda/bin/nvcc does not run or is not release $LINE"
          [ -f /usr/local/cuda/include/cuda_runtime.h ] || problem "no cuda_runtime.h in /usr/local/cuda/include"
        fi
        if [ "$PROFILER" = yes ]; then
          ncu --version || problem "ncu --version failed"
        fi
        exit 0
        """;

    public async Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        var expects = Expectations(context.Image.Libraries, context.Image.SmokeChecks, context.Image.Packages);
        var (run, seconds) = await context.RunAsync(Script, cancellationToken, environment: new Dictionary<string, string>
        {
            ["LINE"] = context.CudaLine,
            ["MAJOR"] = context.CudaLine.Split('.')[0],
            ["CUDART"] = expects.Cudart ? "yes" : "no",
            ["COMPILER"] = expects.Compiler ? "yes" : "no",
            ["PROFILER"] = expects.Profiler ? "yes" : "no",
        });
        if (run.TimedOut) return context.TimedOut(Name, run, seconds);
        if (run.ExitCode != 0) return context.Failed(Name, $"the layout check exited with {run.ExitCode}", run.Output, seconds);
        var problems = run.Output.Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith("problem: ", StringComparison.Ordinal)).Select(l => l["problem: ".Length..]).ToList();
        var checkedParts = new[] { "/usr/local/cuda, cuda-X and cuda-X.Y resolve to one tree" }
            .Concat(expects.Cudart ? ["lib64 has libcudart"] : [])
            .Concat(expects.Compiler ? ["bin/nvcc and include/ as NVIDIA's"] : [])
            .Concat(expects.Profiler ? ["ncu runs"] : []);
        return problems.Count == 0
            ? context.Passed(Name, string.Join("; ", checkedParts), seconds)
            : context.Failed(Name, string.Join("; ", problems), run.Output, seconds);
    }

    /// <summary>What the image promises: cudart where the flavor promises libcudart, a compiler where it runs the nvcc check, ncu where it installs Nsight Compute.</summary>
    public static (bool Cudart, bool Compiler, bool Profiler) Expectations(
        IReadOnlyList<string> libraries, IReadOnlyList<string> smokeChecks, IReadOnlyList<string> packages) =>
        (libraries.Contains("libcudart.so"),
         smokeChecks.Contains("nvcc"),
         packages.Any(p => p == "nsight-compute" || p.StartsWith("cuda-nsight-compute-", StringComparison.Ordinal)));
}
