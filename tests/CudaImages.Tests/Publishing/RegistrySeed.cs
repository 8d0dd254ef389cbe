using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using CudaImages.Publishing;

namespace CudaImages.Tests.Publishing;

/// <summary>
/// Puts a small image straight into a registry over its HTTP API (monolithic blob uploads, then the manifest), so the
/// registry client's tests need no engine. The layer is a random blob: the registry checks digests, not contents.
/// </summary>
static class RegistrySeed
{
    public sealed record Seeded(string Digest, string ConfigDigest, long CompressedBytes, byte[] Manifest);

    public static async Task<Seeded> PushAsync(Uri registry, string path, string tag, string? basicAuth = null)
    {
        using var http = new HttpClient { BaseAddress = registry };
        if (basicAuth is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basicAuth)));
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"config":{"Labels":{"seed":"{{{Guid.NewGuid():n}}}"} } }""");
        var layer = RandomNumberGenerator.GetBytes(2048);
        var configDigest = await UploadAsync(http, path, config);
        var layerDigest = await UploadAsync(http, path, layer);
        var manifest = Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"{{Manifest.DockerV2}}",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":{{config.Length}},"digest":"{{configDigest}}"},
             "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":{{layer.Length}},"digest":"{{layerDigest}}"}]}
            """);
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(Manifest.DockerV2);
        using var put = await http.PutAsync($"v2/{path}/manifests/{tag}", content);
        put.EnsureSuccessStatusCode();
        return new Seeded(Manifest.DigestOf(manifest), configDigest, config.Length + layer.Length, manifest);
    }

    static async Task<string> UploadAsync(HttpClient http, string path, byte[] blob)
    {
        var digest = Manifest.DigestOf(blob);
        using var start = await http.PostAsync($"v2/{path}/blobs/uploads/", null);
        start.EnsureSuccessStatusCode();
        var location = start.Headers.Location!.ToString();
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync(location + (location.Contains('?') ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest), content);
        put.EnsureSuccessStatusCode();
        return digest;
    }
}
