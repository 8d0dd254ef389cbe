using System.Security.Cryptography;
using System.Text.Json;

namespace CudaImages.Publishing;

/// <summary>
/// An image manifest as the registry holds it: its digest, its exact bytes (an alias gets these very bytes, so the same
/// digest), the config digest (the engine's image ID) and the compressed size it declares (config + layers).
/// An index or manifest list has no config of its own: ConfigDigest is null.
/// </summary>
public sealed record Manifest(string Digest, string MediaType, byte[] Body, string? ConfigDigest, long CompressedBytes)
{
    public const string DockerV2 = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>What we accept when reading a manifest back: every single-image and multi-image type of Docker and OCI.</summary>
    public static readonly IReadOnlyList<string> Accepted = [DockerV2, OciManifest, DockerList, OciIndex];

    public static string DigestOf(byte[] body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));

    /// <exception cref="RegistryException">The body is not a manifest, or does not match the digest the registry gave.</exception>
    public static Manifest Parse(byte[] body, string? contentType, string? digestHeader, string where)
    {
        var digest = DigestOf(body);
        if (digestHeader is { Length: > 0 } && digestHeader.StartsWith("sha256:", StringComparison.Ordinal) && digestHeader != digest)
            throw new RegistryException($"{where}: the registry says the manifest is {digestHeader}, but its bytes hash to {digest}");
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var mediaType = root.TryGetProperty("mediaType", out var declared) && declared.ValueKind == JsonValueKind.String
                ? declared.GetString()!
                : contentType?.Split(';')[0].Trim() ?? OciManifest;
            if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
                return new Manifest(digest, mediaType, body, null, 0);
            var size = config.GetProperty("size").GetInt64();
            if (root.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array)
                size += layers.EnumerateArray().Sum(l => l.GetProperty("size").GetInt64());
            return new Manifest(digest, mediaType, body, config.GetProperty("digest").GetString(), size);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new RegistryException($"{where}: the registry answered with something that is not an image manifest ({e.Message})");
        }
    }
}
