using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using CudaImages.Docker;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CudaImages.Publishing;

/// <summary>The registry as Publish needs it: read a manifest back, and put one under another tag.</summary>
public interface IRegistry
{
    RegistryRepository Repository { get; }

    /// <summary>Answers when the registry is reachable and lets us in (GET /v2/); fails with one sentence otherwise.</summary>
    Task CheckAccessAsync(CancellationToken cancellationToken);

    /// <summary>The manifest a tag or digest names in the repository, or null when the registry has none.</summary>
    Task<Manifest?> GetManifestAsync(string reference, CancellationToken cancellationToken);

    /// <summary>The digest a tag names (HEAD, Docker-Content-Digest), or null when the registry has none.</summary>
    Task<string?> GetManifestDigestAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Puts the manifest's exact bytes under <paramref name="tag"/>; returns the digest the registry stored.</summary>
    Task<string> PutManifestAsync(string tag, Manifest manifest, CancellationToken cancellationToken);

    /// <summary>An image's config blob (small JSON: labels, layers' diff IDs), checked against its digest.</summary>
    Task<byte[]> GetConfigAsync(string digest, CancellationToken cancellationToken);
}

/// <summary>How hard to try: attempts after the first, the first back-off (doubling, with jitter) and the limit for one attempt.</summary>
public sealed record RegistryRetry(int Retries, TimeSpan FirstDelay, TimeSpan AttemptTimeout)
{
    public static readonly RegistryRetry Default = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
}

/// <summary>
/// The OCI distribution API over HttpClient. 5xx, 429, dropped connections and timeouts are retried with back-off
/// (Polly); 401, 403, 404 and unknown blobs fail at once with a sentence. Logs in with Basic, or with a Bearer token
/// from the realm the registry's 401 names.
/// </summary>
public sealed partial class RegistryClient : IRegistry, IDisposable
{
    readonly HttpClient http;
    readonly RegistryCredential? credential;
    readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    readonly RegistryRetry retry;
    string? authorization;

    public RegistryClient(RegistryRepository repository, RegistryCredential? credential, RegistryRetry? retry = null,
        Action<string>? onRetry = null, HttpMessageHandler? handler = null)
    {
        Repository = repository;
        this.credential = credential;
        this.retry = retry ?? RegistryRetry.Default;
        http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            BaseAddress = repository.ApiBase,
            Timeout = Timeout.InfiniteTimeSpan, // each attempt has its own limit, below
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("cudaimages-publish/1");
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<IOException>()
                    .Handle<SocketException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                MaxRetryAttempts = this.retry.Retries,
                Delay = this.retry.FirstDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    var what = args.Outcome.Result is { } r ? $"answered {(int)r.StatusCode} {r.ReasonPhrase}" : $"could not be reached ({Describe(args.Outcome.Exception!)})";
                    args.Outcome.Result?.Dispose();
                    onRetry?.Invoke($"registry {Repository.Host} {what}; retry {args.AttemptNumber + 1} of {this.retry.Retries} in {args.RetryDelay.TotalSeconds:0.0} s");
                    return default;
                },
            })
            .AddTimeout(this.retry.AttemptTimeout)
            .Build();
    }

    public RegistryRepository Repository { get; }

    /// <summary>The login this client uses (null: none); a pull through the engine needs the same.</summary>
    public RegistryCredential? Credential => credential;

    public async Task CheckAccessAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "v2/"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new RegistryException($"{Repository.ApiBase}v2/ answered 404 Not Found: {Repository.Host} is not an OCI registry; check --registry");
        await ThrowUnlessSuccessAsync(response, "GET /v2/");
    }

    public async Task<Manifest?> GetManifestAsync(string reference, CancellationToken cancellationToken)
    {
        var path = ManifestPath(reference);
        using var response = await SendAsync(() => Accepting(new HttpRequestMessage(HttpMethod.Get, path)), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await ThrowUnlessSuccessAsync(response, $"GET /{path}");
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Manifest.Parse(body, response.Content.Headers.ContentType?.ToString(), DigestHeader(response), $"{Repository.Name}:{reference}");
    }

    public async Task<string?> GetManifestDigestAsync(string reference, CancellationToken cancellationToken)
    {
        var path = ManifestPath(reference);
        using var response = await SendAsync(() => Accepting(new HttpRequestMessage(HttpMethod.Head, path)), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await ThrowUnlessSuccessAsync(response, $"HEAD /{path}");
        // A registry that leaves the header out of HEAD still has to give the bytes.
        return DigestHeader(response) ?? (await GetManifestAsync(reference, cancellationToken))?.Digest;
    }

    public async Task<string> PutManifestAsync(string tag, Manifest manifest, CancellationToken cancellationToken)
    {
        var path = ManifestPath(tag);
        using var response = await SendAsync(() =>
        {
            var content = new ByteArrayContent(manifest.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
            return new HttpRequestMessage(HttpMethod.Put, path) { Content = content };
        }, cancellationToken);
        await ThrowUnlessSuccessAsync(response, $"PUT /{path}");
        return DigestHeader(response) ?? manifest.Digest;
    }

    public async Task<byte[]> GetConfigAsync(string digest, CancellationToken cancellationToken)
    {
        var path = $"v2/{Repository.Path}/blobs/{digest}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        await ThrowUnlessSuccessAsync(response, $"GET /{path}");
        // A config is a few kilobytes; a digest that names a layer must not be read into memory.
        if (response.Content.Headers.ContentLength > MaxConfigBytes)
            throw new RegistryException($"{Repository.Name}@{digest} is {response.Content.Headers.ContentLength} bytes: not an image config");
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (Manifest.DigestOf(body) != digest)
            throw new RegistryException($"{Repository.Name}@{digest}: the registry's bytes hash to {Manifest.DigestOf(body)}, not the digest asked for");
        return body;
    }

    const long MaxConfigBytes = 4 * 1024 * 1024;

    public void Dispose() => http.Dispose();

    string ManifestPath(string reference) => $"v2/{Repository.Path}/manifests/{reference}";

    static HttpRequestMessage Accepting(HttpRequestMessage request)
    {
        foreach (var type in Manifest.Accepted) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
    }

    static string? DigestHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;

    static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout;

    /// <summary>One request with retries; on a 401 it logs in as the challenge asks and tries once more.</summary>
    async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var response = await SendWithRetriesAsync(create, authorization, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

        var challenge = AuthChallenge.From(response.Headers.WwwAuthenticate);
        var triedWith = authorization;
        response.Dispose();
        authorization = await AuthorizationForAsync(challenge, cancellationToken);
        if (authorization == triedWith)
            throw Refused();
        response = await SendWithRetriesAsync(create, authorization, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        response.Dispose();
        throw Refused();
    }

    async Task<HttpResponseMessage> SendWithRetriesAsync(Func<HttpRequestMessage> create, string? auth, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        string? path = null;
        try
        {
            response = await pipeline.ExecuteAsync(async token =>
            {
                var request = create();
                path ??= $"{request.Method} /{request.RequestUri}";
                if (auth is not null) request.Headers.Authorization = AuthenticationHeaderValue.Parse(auth);
                return await http.SendAsync(request, token);
            }, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or IOException or SocketException
                                  && !cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException(
                $"registry {Repository.Host} could not be reached for {path} after {retry.Retries + 1} attempts ({Describe(e)}); check that it runs and try again", e);
        }
        if (IsTransient(response.StatusCode))
        {
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            response.Dispose();
            throw new RegistryException($"registry {Repository.Host} answered {path} with {status} {retry.Retries + 1} times; try again later");
        }
        return response;
    }

    /// <summary>The Authorization header value the challenge asks for; the same value again means we have nothing better to offer.</summary>
    async Task<string?> AuthorizationForAsync(AuthChallenge? challenge, CancellationToken cancellationToken)
    {
        if (challenge is { IsBearer: true, Realm: { } realm })
            return "Bearer " + await TokenAsync(challenge, realm, cancellationToken);
        if (challenge is { IsBasic: false, IsBearer: false })
            throw new RegistryException($"registry {Repository.Host} asks for {challenge.Scheme} authentication, which we cannot do; use a registry with Basic or token (Bearer) authentication");
        if (credential is null)
            throw new RegistryException(
                $"registry {Repository.Host} asks for credentials (401 Unauthorized): pass --registry-username and --registry-password, or run docker login {Repository.Host}");
        return "Basic " + credential.BasicHeaderValue;
    }

    /// <summary>The distribution spec's token flow: GET realm?service=...&amp;scope=repository:path:pull,push, with Basic credentials when we have them.</summary>
    async Task<string> TokenAsync(AuthChallenge challenge, string realm, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (challenge.Parameters.GetValueOrDefault("service") is { } service) query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString($"repository:{Repository.Path}:pull,push"));
        if (credential is not null) query.Add("account=" + Uri.EscapeDataString(credential.Username));
        var url = realm + (realm.Contains('?') ? "&" : "?") + string.Join("&", query);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var tokenUri))
            throw new RegistryException($"registry {Repository.Host} names a token realm that is not a URL: {realm}");

        using var response = await SendWithRetriesAsync(() => new HttpRequestMessage(HttpMethod.Get, tokenUri),
            credential is null ? null : "Basic " + credential.BasicHeaderValue, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw credential is null
                ? new RegistryException($"the token service of {Repository.Host} ({tokenUri.GetLeftPart(UriPartial.Path)}) wants credentials: pass --registry-username and --registry-password, or run docker login {Repository.Host}")
                : new RegistryException($"the token service of {Repository.Host} ({tokenUri.GetLeftPart(UriPartial.Path)}) refused the credentials of {credential} ({(int)response.StatusCode} {response.ReasonPhrase}); check --registry-username/--registry-password or run docker login {Repository.Host}");
        await ThrowUnlessSuccessAsync(response, $"GET {tokenUri.GetLeftPart(UriPartial.Path)}");
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var name in new[] { "token", "access_token" })
                if (json.RootElement.TryGetProperty(name, out var token) && token.GetString() is { Length: > 0 } value)
                    return value;
        }
        catch (JsonException)
        {
        }
        throw new RegistryException($"the token service of {Repository.Host} ({tokenUri.GetLeftPart(UriPartial.Path)}) answered without a token");
    }

    RegistryException Refused() => credential is null
        ? new RegistryException($"registry {Repository.Host} refused access without credentials (401 Unauthorized): pass --registry-username and --registry-password, or run docker login {Repository.Host}")
        : new RegistryException($"registry {Repository.Host} refused the credentials of {credential} (401 Unauthorized): check --registry-username/--registry-password or run docker login {Repository.Host}");

    /// <summary>A 4xx other than the ones handled above is final: say what was asked and what the registry's error body says.</summary>
    async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode) return;
        var errors = await ErrorsAsync(response);
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var detail = errors.Count == 0 ? "" : " (" + string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}")) + ")";
        if (errors.Any(e => e.Code is "BLOB_UNKNOWN" or "MANIFEST_BLOB_UNKNOWN"))
            throw new RegistryException($"registry {Repository.Host} does not have a blob that {what} needs{detail}: publish the image's fixed tag first; aliases can only name manifests whose layers are in {Repository.Name}");
        throw response.StatusCode switch
        {
            HttpStatusCode.Forbidden => new RegistryException(
                $"registry {Repository.Host} denied {what} ({status}){detail}: {(credential is null ? "log in with --registry-username/--registry-password" : $"{credential} may not push to {Repository.Name}")}"),
            HttpStatusCode.NotFound => new RegistryException($"registry {Repository.Host} answered {what} with {status}{detail}; check that --registry names the right repository"),
            _ => new RegistryException($"registry {Repository.Host} refused {what} ({status}){detail}"),
        };
    }

    static async Task<List<(string Code, string Message)>> ErrorsAsync(HttpResponseMessage response)
    {
        var errors = new List<(string, string)>();
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var e in list.EnumerateArray())
                    errors.Add((e.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "", e.TryGetProperty("message", out var m) ? m.GetString() ?? "" : ""));
        }
        catch (JsonException)
        {
        }
        return errors;
    }

    static string Describe(Exception e) => e switch
    {
        TimeoutRejectedException => "no answer in time",
        _ => (e.InnerException ?? e).Message.TrimEnd('.'),
    };
}
