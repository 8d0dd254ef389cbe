using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>One smoke check; its descriptor names it as images/flavors.yaml does under <c>smoke:</c>.</summary>
public interface ISmokeCheck
{
    SmokeCheckDescriptor Descriptor { get; }

    Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken);
}
