namespace CudaImages.Docker;

/// <summary>
/// The Docker Engine as the pipeline needs it: the one seam between the pipeline and the engine's API.
/// </summary>
public interface IDockerEngine : IDisposable
{
    /// <summary>Where the engine was found, as the docker CLI would say it (unix:///var/run/docker.sock, tcp://...).</summary>
    string Endpoint { get; }

    /// <summary>Answers when the engine is reachable; throws <see cref="EngineUnavailableException"/> with one clear sentence otherwise.</summary>
    Task<EngineInfo> InfoAsync(CancellationToken cancellationToken);

    /// <summary>The image a reference (name:tag or ID) points at, or null when there is none.</summary>
    Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken);

    /// <summary>
    /// An image's history, oldest step first: the instruction of each step and the size of the layer it made
    /// (0 for a step that made none, such as ENV or LABEL). Null when there is no such image.
    /// </summary>
    Task<IReadOnlyList<ImageHistoryStep>?> ImageHistoryAsync(string reference, CancellationToken cancellationToken);

    /// <summary>
    /// The images as one <c>docker save</c> tar stream (GET /images/get), each distinct layer once, read as the engine
    /// writes it: nothing is buffered. The caller disposes it; a missing image throws <see cref="EngineRequestException"/>.
    /// </summary>
    Task<Stream> SaveImagesAsync(IReadOnlyList<string> references, CancellationToken cancellationToken);

    /// <summary>
    /// Builds from a build-context tar (holding the Dockerfile at its root). The result is untagged: the caller tags
    /// it once the build succeeded, so that a cancelled or failed build never leaves a tag on a half-built image.
    /// Intermediate containers are always removed. Every line the engine streams goes to <paramref name="log"/>;
    /// each "Step N/M : ..." line is also reported to <paramref name="step"/>. Failure throws <see cref="ImageBuildException"/>.
    /// <paramref name="platform"/> (linux/arm64) builds for another platform than the engine's; null builds for the engine's.
    /// </summary>
    Task<string> BuildImageAsync(Stream contextTar, IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> labels, bool noCache, string? network, TextWriter log, Action<string> step,
        CancellationToken cancellationToken, string? platform = null);

    Task TagImageAsync(string imageId, string reference, CancellationToken cancellationToken);

    Task RemoveImageAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Imports a root filesystem tar as an image under <paramref name="reference"/> (docker import), with Dockerfile-style changes such as CMD ["bash"].</summary>
    Task<string> ImportImageAsync(Stream rootfsTar, string reference, IReadOnlyList<string> changes, CancellationToken cancellationToken);

    /// <summary>Pulls an image (for <paramref name="platform"/> when given); false when no registry answers (offline), throws on other errors.</summary>
    Task<bool> TryPullImageAsync(string reference, CancellationToken cancellationToken, string? platform = null);

    /// <summary>IDs of all containers, running or not, created from images built in this engine, for leak checks.</summary>
    Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs one command in a new container without a network (labelled <see cref="ContainerRunRequest.Label"/>=true), waits for it up
    /// to the request's timeout (then kills it), collects its output and always removes it, also on failure or cancellation.
    /// A runtime or GPU request the engine cannot serve throws <see cref="EngineRequestException"/> saying how to set it up.
    /// </summary>
    Task<ContainerRun> RunContainerAsync(ContainerRunRequest request, CancellationToken cancellationToken);
}

public sealed record EngineInfo(
    string Version,
    string ApiVersion,
    string StorageDriver,
    string RootDirectory,
    long? FreeBytes,
    IReadOnlyList<string> Runtimes)
{
    /// <summary>The program behind each runtime, as the engine's info says it ("runc", "nvidia-container-runtime"); missing when it does not say.</summary>
    public IReadOnlyDictionary<string, string> RuntimePrograms { get; init; } = new Dictionary<string, string>();

    /// <summary>The endpoint and how the connection to it is protected ("tcp://build-host:2376, TLS, engine verified against ..."); empty when unknown.</summary>
    public string Connection { get; init; } = "";
}

public sealed record ImageInfo(string Id, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, string> Labels, long Size, DateTimeOffset Created)
{
    /// <summary>The diff IDs of the image's layers (RootFS.Layers), lowest first.</summary>
    public IReadOnlyList<string> Layers { get; init; } = [];

    /// <summary>The platform the image's config names (linux/amd64, linux/arm64): what a pull or run on that platform matches.</summary>
    public string? Platform { get; init; }
}

/// <summary>One step of an image's history: the instruction and the size of the layer it made (0 when it made none).</summary>
public sealed record ImageHistoryStep(string CreatedBy, long Size);

public sealed record ContainerSummary(string Id, string Image, string State, string Command)
{
    /// <summary>The container's labels, including those its image carries: what lets one test find its own containers on a shared engine.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

/// <summary>The engine cannot be used; the message says what to do ("start dockerd or set DOCKER_HOST").</summary>
public sealed class EngineUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The engine answered, but refused a request (a pull that is unauthorized, a tag that is invalid); the message says which and why.</summary>
public sealed class EngineRequestException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A Dockerfile step failed: which step, and the last lines of its output.</summary>
public sealed class ImageBuildException(string step, string message, IReadOnlyList<string> lastLines)
    : Exception(message)
{
    public string Step { get; } = step;
    public IReadOnlyList<string> LastLines { get; } = lastLines;
}
