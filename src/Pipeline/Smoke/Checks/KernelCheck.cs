using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>
/// Runs the vector_add that the devel image of the same CUDA release and distro compiled (cudart is linked
/// statically, so even base images run it) on the GPU; without a GPU this is not run, never passed.
/// </summary>
public sealed class KernelCheck : ISmokeCheck
{
    public SmokeCheckDescriptor Descriptor { get; } = new("kernel", NeedsGpu: true);

    string Name => Descriptor.Name;

    public const string NotBuilt = "no vector_add built: run the devel image's nvcc check first";

    public async Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(context.VectorAdd)) return context.NotRun(Name, NotBuilt);
        var (run, seconds) = await context.RunAsync("/vector_add/vector_add", cancellationToken, gpu: true,
            mounts: [(context.VectorAddFolder, "/vector_add", true)]);
        return context.Judged(Name, run, seconds);
    }
}
