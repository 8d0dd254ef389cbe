using System.Collections;
using System.Net;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.LegacyHttp;
using Docker.DotNet.Models;
using Polly;
using Polly.Retry;
using Version = System.Version;

namespace CudaImages.Docker;

/// <summary>
/// The Docker Engine through its HTTP API (Docker.DotNet.Enhanced), found where the docker CLI would find it.
/// Nothing is contacted until the first call; that call agrees on the API version with the engine.
/// </summary>
public sealed partial class DockerEngine : IDockerEngine
{
    // Brief on purpose: long enough to ride out a dockerd restart, short enough that "no engine" is reported quickly.
    static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(EngineFailures.IsTransient),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    readonly Uri uri;
    readonly TlsCredentials? tls;
    readonly SemaphoreSlim connecting = new(1, 1);
    DockerClient? client;
    string engineApiVersion = "";

    DockerEngine(EngineAddress address)
    {
        Address = address;
        uri = address.Uri;
        tls = address.Tls is { } settings ? new TlsCredentials(settings) : null;
    }

    /// <summary>
    /// The engine named by DOCKER_HOST, else by the current docker context, else unix:///var/run/docker.sock.
    /// <paramref name="environment"/> replaces the process environment (for tests).
    /// </summary>
    /// <exception cref="InputException">The endpoint or a TLS setting is malformed, a certificate is missing, or the scheme is one we cannot speak (ssh://).</exception>
    public static DockerEngine Connect(IReadOnlyDictionary<string, string?>? environment = null) =>
        new(DockerEndpoint.Find(environment ?? ProcessEnvironment()));

    public string Endpoint => Address.Endpoint;

    /// <summary>The endpoint, how the connection is protected (TLS or not), and the warning a user should see about it.</summary>
    public EngineAddress Address { get; }

    /// <summary>The API version spoken with the engine; null until the first call reached it.</summary>
    public Version? ApiVersion { get; private set; }

    public Task<EngineInfo> InfoAsync(CancellationToken cancellationToken) =>
        Call("reading the engine's info", retry: true, async (docker, token) =>
        {
            var info = await docker.System.GetSystemInfoAsync(token);
            return new EngineInfo(
                info.ServerVersion,
                engineApiVersion,
                info.Driver,
                info.DockerRootDir,
                FreeBytes(info.DockerRootDir),
                [.. (info.Runtimes?.Keys ?? []).Order(StringComparer.Ordinal)])
            {
                Connection = Address.Description,
                RuntimePrograms = (info.Runtimes ?? new Dictionary<string, RuntimeWithStatus>())
                    .Where(runtime => !string.IsNullOrEmpty(runtime.Value?.Path))
                    .ToDictionary(runtime => runtime.Key, runtime => runtime.Value.Path!),
            };
        }, cancellationToken);

    public Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
        Call($"inspecting {reference}", retry: true, async (docker, token) =>
        {
            try
            {
                var image = await docker.Images.InspectImageAsync(reference, token);
                return new ImageInfo(
                    image.ID,
                    [.. image.RepoTags ?? []],
                    new Dictionary<string, string>(image.Config?.Labels ?? new Dictionary<string, string>()),
                    image.Size,
                    image.Created is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : DateTimeOffset.MinValue)
                {
                    Layers = [.. image.RootFS?.Layers ?? []],
                    Platform = $"{image.Os}/{image.Architecture}",
                };
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return (ImageInfo?)null;
            }
        }, cancellationToken);

    public Task<IReadOnlyList<ImageHistoryStep>?> ImageHistoryAsync(string reference, CancellationToken cancellationToken) =>
        Call($"reading the history of {reference}", retry: true, async (docker, token) =>
        {
            try
            {
                var steps = await docker.Images.GetImageHistoryAsync(reference, token);
                // The engine answers newest first; an imported layer has no instruction, only its comment ("Imported from -").
                return (IReadOnlyList<ImageHistoryStep>?)[.. steps.Reverse().Select(s =>
                    new ImageHistoryStep(string.IsNullOrEmpty(s.CreatedBy) ? s.Comment ?? "" : s.CreatedBy, s.Size))];
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);

    // Not retried: a retry could not resume a stream the caller has begun to read.
    public Task<Stream> SaveImagesAsync(IReadOnlyList<string> references, CancellationToken cancellationToken) =>
        Call($"saving {string.Join(", ", references)}", retry: false,
            async (docker, token) => (Stream)new SavedImagesStream(await docker.Images.SaveImagesAsync([.. references], token)), cancellationToken);

    public async Task<string> BuildImageAsync(Stream contextTar, IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> labels, bool noCache, string? network, TextWriter log, Action<string> step,
        CancellationToken cancellationToken, string? platform = null)
    {
        var docker = await ClientAsync(cancellationToken);
        var parameters = new ImageBuildParameters
        {
            Platform = platform,
            BuildArgs = buildArgs.ToDictionary(),
            Labels = labels.ToDictionary(),
            NoCache = noCache,
            // null: the engine's default (bridge); "host" lets RUN steps reach a repository or proxy on 127.0.0.1.
            NetworkMode = network,
            Remove = true,
            ForceRemove = true,
            // The classic builder: it streams the "Step N/M" lines we report; BuildKit would need a session.
            Version = "1",
        };

        Stream response;
        try
        {
            // The stream overload, obsolete only because it returns before the build ends: we read the messages
            // ourselves (the library's JSONMessage drops the top-level "error") and can close the connection on cancel.
#pragma warning disable CS0618
            response = await docker.Images.BuildImageFromDockerfileAsync(contextTar, parameters, cancellationToken);
#pragma warning restore CS0618
        }
        catch (DockerApiException e)
        {
            throw new ImageBuildException("", EngineFailures.EngineMessage(e), []);
        }
        catch (Exception e) when (EngineFailures.IsTransport(e) && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(e);
        }

        var output = new BuildOutput(log, step);
        await using (response)
        // Closing the connection is what makes the engine stop the build (and, with forcerm, remove its container).
        await using (cancellationToken.Register(response.Dispose))
        {
            try
            {
                using var reader = new StreamReader(response);
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                    output.Read(line);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (JsonException e)
            {
                throw new ImageBuildException(output.CurrentStep, $"the engine sent build output that cannot be read ({e.Message})", output.LastLines);
            }
            catch (Exception e) when (e is IOException || EngineFailures.IsTransport(e))
            {
                throw new EngineUnavailableException(
                    $"the Docker Engine at {Endpoint} dropped the connection during the build ({output.CurrentStep}) — check that it runs (`docker version`) and build again", e);
            }
        }

        var id = output.Finish();
        return id.StartsWith("sha256:", StringComparison.Ordinal) ? id : (await InspectImageAsync(id, cancellationToken))?.Id ?? id;
    }

    public Task TagImageAsync(string imageId, string reference, CancellationToken cancellationToken)
    {
        var target = ImageReference.Parse(reference);
        return Call($"tagging {imageId} as {target}", retry: true, async (docker, token) =>
        {
            await docker.Images.TagImageAsync(imageId, new ImageTagParameters { RepositoryName = target.Repository, Tag = target.Tag }, token);
            return true;
        }, cancellationToken);
    }

    public Task RemoveImageAsync(string reference, CancellationToken cancellationToken) =>
        Call($"removing {reference}", retry: true, async (docker, token) =>
        {
            try
            {
                await docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = false }, token);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }
            return true;
        }, cancellationToken);

    public async Task<string> ImportImageAsync(Stream rootfsTar, string reference, IReadOnlyList<string> changes, CancellationToken cancellationToken)
    {
        var target = ImageReference.Parse(reference);
        var messages = new EngineMessages();
        var parameters = new ImagesCreateParameters { FromSrc = "-", Repo = target.Repository, Tag = target.Tag, Changes = [.. changes] };

        await Call($"importing {target}", retry: false, async (docker, token) =>
        {
            await docker.Images.CreateImageAsync(parameters, rootfsTar, null, messages, token);
            return true;
        }, cancellationToken);

        if (messages.Error is { } error)
            throw new EngineRequestException($"importing {target} failed: {error}");
        // The engine answers an import with the new image's ID as its last status.
        return messages.Statuses.LastOrDefault(status => status.StartsWith("sha256:", StringComparison.Ordinal))
            ?? (await InspectImageAsync(target.ToString(), cancellationToken))?.Id
            ?? throw new EngineRequestException($"importing {target} failed: the engine named no image");
    }

    public async Task<bool> TryPullImageAsync(string reference, CancellationToken cancellationToken, string? platform = null)
    {
        // A digest reference is pulled as it is; a name:tag one is split as the API wants it.
        var repository = reference;
        string? tag = null;
        if (!reference.Contains('@'))
            (repository, tag) = ImageReference.Parse(reference);
        var messages = new EngineMessages();
        try
        {
            await Call($"pulling {reference}", retry: false, async (docker, token) =>
            {
                await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag, Platform = platform }, null, messages, token);
                return true;
            }, cancellationToken);
        }
        catch (EngineRequestException e) when (e.InnerException is DockerApiException api
                                               && EngineFailures.IsRegistryUnreachable(EngineFailures.EngineMessage(api)))
        {
            return false;
        }

        return messages.Error switch
        {
            null => true,
            var error when EngineFailures.IsRegistryUnreachable(error) => false,
            var error => throw new EngineRequestException($"pulling {reference} failed: {error}"),
        };
    }

    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(CancellationToken cancellationToken) =>
        Call("listing containers", retry: true, async (docker, token) =>
        {
            var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }, token);
            return (IReadOnlyList<ContainerSummary>)[.. containers.Select(c => new ContainerSummary(c.ID, c.Image, c.State, c.Command)
                { Labels = c.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(c.Labels) })];
        }, cancellationToken);

    public void Dispose()
    {
        client?.Dispose();
        connecting.Dispose();
    }

    async Task<T> Call<T>(string doing, bool retry, Func<DockerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        try
        {
            return retry
                ? await Retry.ExecuteAsync(async token => await call(docker, token), cancellationToken)
                : await call(docker, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new EngineRequestException($"{doing} failed: {EngineFailures.EngineMessage(e)}", e);
        }
        catch (Exception e) when (EngineFailures.IsTransport(e) && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(e);
        }
    }

    EngineUnavailableException Unavailable(Exception e) => EngineFailures.Unavailable(Address, tls?.Refusal, e);

    async Task<DockerClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (client is { } connected)
            return connected;

        await connecting.WaitAsync(cancellationToken);
        try
        {
            if (client is { } raced)
                return raced;

            // Unversioned, the engine answers /version in its own newest API version.
            using var probe = CreateClient(apiVersion: null);
            VersionResponse version;
            try
            {
                version = await Retry.ExecuteAsync(async token => await probe.System.GetVersionAsync(token), cancellationToken);
            }
            catch (DockerApiException e)
            {
                throw EngineFailures.VersionRefused(Address, e);
            }
            catch (Exception e) when (EngineFailures.IsTransport(e) && !cancellationToken.IsCancellationRequested)
            {
                throw Unavailable(e);
            }

            ApiVersion = EngineApiVersion.Negotiate(Endpoint, version.APIVersion, version.MinAPIVersion);
            engineApiVersion = version.APIVersion;
            return client = CreateClient(ApiVersion);
        }
        finally
        {
            connecting.Release();
        }
    }

    // The library picks its Unix-socket transport for unix:// and HTTP for tcp://; with TLS, HTTPS over the same transport.
    DockerClient CreateClient(Version? apiVersion)
    {
        var builder = new DockerClientBuilder().WithEndpoint(uri);
        if (apiVersion is not null)
            builder.WithApiVersion(apiVersion);
        if (tls is null)
            return builder.Build();
        return builder.WithAuthProvider(tls).WithTransportOptions(new LegacyHttpTransportOptions()).Build();
    }

    // Only meaningful when the engine runs here; a remote engine's root directory is not ours to measure.
    long? FreeBytes(string rootDirectory)
    {
        if (uri.Scheme != "unix" || string.IsNullOrEmpty(rootDirectory))
            return null;
        try
        {
            return Directory.Exists(rootDirectory) ? new DriveInfo(rootDirectory).AvailableFreeSpace : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    internal static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value);

    /// <summary>Collects streamed messages as they arrive (Progress&lt;T&gt; would report them later, on the thread pool).</summary>
    sealed class EngineMessages : IProgress<JSONMessage>
    {
        public List<string> Statuses { get; } = [];

        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            if (!string.IsNullOrEmpty(value.Status))
                Statuses.Add(value.Status.Trim());
            if (!string.IsNullOrWhiteSpace(value.Error?.Message))
                Error = value.Error.Message.Trim();
        }
    }
}
