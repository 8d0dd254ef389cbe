using CudaImages.Docker;

namespace CudaImages.Tests.Building;

/// <summary>
/// The real engine, except that each build waits until <paramref name="expected"/> builds are in flight at once before it
/// starts: a builder that builds them one after the other leaves the first waiting, so overlap is seen as an event, not
/// inferred from timestamps. The wait gives up at the hang guard, and <see cref="Overlapped"/> then stays false.
/// </summary>
sealed class OverlapGate(IDockerEngine engine, int expected) : IDockerEngine
{
    readonly TaskCompletionSource allInFlight = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int inFlight;

    public bool Overlapped => allInFlight.Task.IsCompletedSuccessfully;

    public async Task<string> BuildImageAsync(Stream contextTar, IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> labels, bool noCache, string? network, TextWriter log, Action<string> step, CancellationToken cancellationToken, string? platform = null)
    {
        if (Interlocked.Increment(ref inFlight) >= expected) allInFlight.TrySetResult();
        try
        {
            await Task.WhenAny(allInFlight.Task, Task.Delay(Wait.HangGuard, cancellationToken));
            return await engine.BuildImageAsync(contextTar, buildArgs, labels, noCache, network, log, step, cancellationToken, platform);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    public string Endpoint => engine.Endpoint;
    public Task<EngineInfo> InfoAsync(CancellationToken cancellationToken) => engine.InfoAsync(cancellationToken);
    public Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken) => engine.InspectImageAsync(reference, cancellationToken);
    public Task<IReadOnlyList<ImageHistoryStep>?> ImageHistoryAsync(string reference, CancellationToken cancellationToken) => engine.ImageHistoryAsync(reference, cancellationToken);
    public Task<Stream> SaveImagesAsync(IReadOnlyList<string> references, CancellationToken cancellationToken) => engine.SaveImagesAsync(references, cancellationToken);
    public Task TagImageAsync(string imageId, string reference, CancellationToken cancellationToken) => engine.TagImageAsync(imageId, reference, cancellationToken);
    public Task RemoveImageAsync(string reference, CancellationToken cancellationToken) => engine.RemoveImageAsync(reference, cancellationToken);
    public Task<string> ImportImageAsync(Stream rootfsTar, string reference, IReadOnlyList<string> changes, CancellationToken cancellationToken) =>
        engine.ImportImageAsync(rootfsTar, reference, changes, cancellationToken);
    public Task<bool> TryPullImageAsync(string reference, CancellationToken cancellationToken, string? platform = null) => engine.TryPullImageAsync(reference, cancellationToken, platform);
    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(CancellationToken cancellationToken) => engine.ListContainersAsync(cancellationToken);
    public Task<ContainerRun> RunContainerAsync(ContainerRunRequest request, CancellationToken cancellationToken) => engine.RunContainerAsync(request, cancellationToken);

    // The fixture owns the real engine.
    public void Dispose() { }
}
