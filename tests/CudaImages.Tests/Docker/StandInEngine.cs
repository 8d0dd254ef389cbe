using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

/// <summary>
/// An engine for unit tests that answers only what a test overrides; every other call fails loudly, so a test never
/// passes on a call it did not expect.
/// </summary>
public abstract class StandInEngine : IDockerEngine
{
    public virtual string Endpoint => "stand-in";

    public virtual Task<EngineInfo> InfoAsync(CancellationToken cancellationToken) => throw Unexpected();
    public virtual Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken) => throw Unexpected();
    public virtual Task<IReadOnlyList<ImageHistoryStep>?> ImageHistoryAsync(string reference, CancellationToken cancellationToken) => throw Unexpected();
    public virtual Task<Stream> SaveImagesAsync(IReadOnlyList<string> references, CancellationToken cancellationToken) => throw Unexpected();
    public virtual Task<string> BuildImageAsync(Stream contextTar, IReadOnlyDictionary<string, string> buildArgs, IReadOnlyDictionary<string, string> labels,
        bool noCache, string? network, TextWriter log, Action<string> step, CancellationToken cancellationToken, string? platform = null) => throw Unexpected();
    public virtual Task TagImageAsync(string imageId, string reference, CancellationToken cancellationToken) => throw Unexpected();
    public virtual Task RemoveImageAsync(string reference, CancellationToken cancellationToken) => throw Unexpected();
    public virtual Task<string> ImportImageAsync(Stream rootfsTar, string reference, IReadOnlyList<string> changes, CancellationToken cancellationToken) =>
        throw Unexpected();
    public virtual Task<bool> TryPullImageAsync(string reference, CancellationToken cancellationToken, string? platform = null) => throw Unexpected();
    public virtual Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(CancellationToken cancellationToken) => throw Unexpected();
    public virtual Task<ContainerRun> RunContainerAsync(ContainerRunRequest request, CancellationToken cancellationToken) => throw Unexpected();
    public virtual void Dispose() { }

    NotSupportedException Unexpected([System.Runtime.CompilerServices.CallerMemberName] string call = "") =>
        new($"{GetType().Name} does not expect {call}");
}
