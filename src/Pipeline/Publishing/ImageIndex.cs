using System.Text.Json;
using CudaImages.Model;

namespace CudaImages.Publishing;

/// <summary>One platform's entry of an image index: the platform and the manifest digest it names.</summary>
public sealed record IndexEntry(Platform Platform, string Digest);

/// <summary>
/// An OCI image index over one image's platforms: what `docker pull` on each platform resolves the published tag to.
/// Its bytes depend only on its entries (fixed order, fixed property order), so the same platform images give the same
/// index digest and a second Publish finds it already in place.
/// </summary>
public static class ImageIndex
{
    public static Manifest Create(IReadOnlyList<(Platform Platform, Manifest Manifest)> platforms)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", Manifest.OciIndex);
            json.WriteStartArray("manifests");
            foreach (var (platform, manifest) in Ordered(platforms, p => p.Platform))
            {
                json.WriteStartObject();
                json.WriteString("mediaType", manifest.MediaType);
                json.WriteString("digest", manifest.Digest);
                json.WriteNumber("size", manifest.Body.Length);
                json.WriteStartObject("platform");
                json.WriteString("architecture", platform.Architecture);
                json.WriteString("os", platform.Os);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var body = buffer.ToArray();
        return new Manifest(Manifest.DigestOf(body), Manifest.OciIndex, body, null, 0);
    }

    /// <summary>The platforms and digests an index (OCI or Docker manifest list) names; empty for a single-image manifest.</summary>
    public static IReadOnlyList<IndexEntry> Entries(Manifest manifest)
    {
        using var json = JsonDocument.Parse(manifest.Body);
        if (!json.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array) return [];
        return [.. manifests.EnumerateArray().Select(m =>
        {
            var platform = m.TryGetProperty("platform", out var p) ? p : default;
            var os = platform.ValueKind == JsonValueKind.Object && platform.TryGetProperty("os", out var o) ? o.GetString() ?? "" : "";
            var architecture = platform.ValueKind == JsonValueKind.Object && platform.TryGetProperty("architecture", out var a) ? a.GetString() ?? "" : "";
            return new IndexEntry(new Platform(os, architecture), m.GetProperty("digest").GetString() ?? "");
        })];
    }

    /// <summary>Whether the index names exactly these platforms with exactly these digests, nothing more.</summary>
    public static bool NamesExactly(Manifest index, IReadOnlyList<IndexEntry> expected) =>
        Entries(index).OrderBy(e => e.Platform.Id, StringComparer.Ordinal).SequenceEqual(expected.OrderBy(e => e.Platform.Id, StringComparer.Ordinal));

    static IEnumerable<T> Ordered<T>(IEnumerable<T> items, Func<T, Platform> platform) =>
        items.OrderBy(i => platform(i).Id, StringComparer.Ordinal);

    public static string Describe(IReadOnlyList<IndexEntry> entries) =>
        string.Join(", ", entries.Select(e => $"{e.Platform} {Digests.Short(e.Digest)}"));
}
