namespace CudaImages.Smoke.Checks;

/// <summary>One smoke check, named as images/flavors.yaml names it under <c>smoke:</c>.</summary>
public interface ISmokeCheck
{
    string Name { get; }

    Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken);
}
