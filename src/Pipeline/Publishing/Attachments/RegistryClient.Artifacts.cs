using System.Net;
using System.Net.Http.Headers;

namespace CudaImages.Publishing;

/// <summary>What attaching needs beyond tags: blobs in and out, manifests by their exact bytes, and the referrers API.</summary>
public interface IArtifactRegistry : IRegistry
{
    /// <summary>Whether the registry answers the OCI 1.1 referrers API (GET /v2/NAME/referrers/DIGEST); 404 means it does not.</summary>
    Task<bool> SupportsReferrersAsync(string digest, CancellationToken cancellationToken);

    /// <summary>The manifests whose subject is <paramref name="digest"/>, as the referrers API lists them (digest, artifactType).</summary>
    Task<IReadOnlyList<(string Digest, string? ArtifactType)>> ReferrersAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Uploads a blob unless the registry has it already; returns its digest.</summary>
    Task<string> PushBlobAsync(byte[] content, CancellationToken cancellationToken);

    /// <summary>A blob's bytes, checked against its digest; null when the registry has none.</summary>
    Task<byte[]?> GetBlobAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Puts manifest bytes under a tag or their digest; returns the digest the registry stored.</summary>
    Task<string> PutManifestAsync(string reference, byte[] body, string mediaType, CancellationToken cancellationToken);
}

public sealed partial class RegistryClient : IArtifactRegistry
{
    public async Task<bool> SupportsReferrersAsync(string digest, CancellationToken cancellationToken)
    {
        var path = $"v2/{Repository.Path}/referrers/{digest}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await ThrowUnlessSuccessAsync(response, $"GET /{path}");
        // A registry that routes the path somewhere else answers with something that is not an image index.
        return response.Content.Headers.ContentType?.MediaType == Manifest.OciIndex;
    }

    public async Task<IReadOnlyList<(string Digest, string? ArtifactType)>> ReferrersAsync(string digest, CancellationToken cancellationToken)
    {
        var path = $"v2/{Repository.Path}/referrers/{digest}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        await ThrowUnlessSuccessAsync(response, $"GET /{path}");
        var index = OciJson.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken), $"{Repository.Name}@{digest} referrers");
        return [.. OciJson.Array(index, "manifests").Select(m => (OciJson.String(m, "digest") ?? "", OciJson.String(m, "artifactType")))];
    }

    public async Task<string> PushBlobAsync(byte[] content, CancellationToken cancellationToken)
    {
        var digest = Manifest.DigestOf(content);
        var blob = $"v2/{Repository.Path}/blobs/{digest}";
        using (var head = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, blob), cancellationToken))
            if (head.IsSuccessStatusCode) return digest;

        var uploads = $"v2/{Repository.Path}/blobs/uploads/";
        using var started = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uploads), cancellationToken);
        await ThrowUnlessSuccessAsync(started, $"POST /{uploads}");
        var location = started.Headers.Location
            ?? throw new RegistryException($"registry {Repository.Host} started an upload without saying where to send it (no Location header)");
        var target = location.IsAbsoluteUri ? location : new Uri(Repository.ApiBase, location);
        var put = target + (target.Query.Length > 0 ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest);
        using var finished = await SendAsync(() =>
        {
            var body = new ByteArrayContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new HttpRequestMessage(HttpMethod.Put, put) { Content = body };
        }, cancellationToken);
        await ThrowUnlessSuccessAsync(finished, $"PUT /{uploads}… ({digest})");
        return digest;
    }

    public async Task<byte[]?> GetBlobAsync(string digest, CancellationToken cancellationToken)
    {
        var path = $"v2/{Repository.Path}/blobs/{digest}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await ThrowUnlessSuccessAsync(response, $"GET /{path}");
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (Manifest.DigestOf(content) != digest)
            throw new RegistryException($"{Repository.Name}: blob {digest} came back with bytes that hash to {Manifest.DigestOf(content)}");
        return content;
    }

    public async Task<string> PutManifestAsync(string reference, byte[] body, string mediaType, CancellationToken cancellationToken)
    {
        var path = ManifestPath(reference);
        using var response = await SendAsync(() =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, path) { Content = content };
        }, cancellationToken);
        await ThrowUnlessSuccessAsync(response, $"PUT /{path}");
        return DigestHeader(response) ?? Manifest.DigestOf(body);
    }
}
