using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CudaImages.Tests.Sizes;

/// <summary>A layer tar made in memory, entry by entry, as the engine writes one (the OCI changeset format).</summary>
sealed class LayerTarBuilder
{
    readonly List<PaxTarEntry> entries = [];

    public LayerTarBuilder Directory(string path) => Add(new PaxTarEntry(TarEntryType.Directory, path));

    public LayerTarBuilder File(string path, byte[] data) => Add(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(data) });

    /// <summary>A file of exactly <paramref name="bytes"/> bytes; random content does not compress.</summary>
    public LayerTarBuilder File(string path, int bytes, bool random = false) => File(path, random ? Synthetic.Random(bytes, path.Length) : Synthetic.Text(bytes));

    public LayerTarBuilder Symlink(string path, string target) => Add(new PaxTarEntry(TarEntryType.SymbolicLink, path) { LinkName = target });

    public LayerTarBuilder HardLink(string path, string target) => Add(new PaxTarEntry(TarEntryType.HardLink, path) { LinkName = target });

    public LayerTarBuilder DpkgStatus(string text) => File("var/lib/dpkg/status", Encoding.UTF8.GetBytes(text));

    public byte[] Build()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var entry in entries)
                writer.WriteEntry(entry);
        return tar.ToArray();
    }

    LayerTarBuilder Add(PaxTarEntry entry)
    {
        entries.Add(entry);
        return this;
    }
}

/// <summary>One image in a synthetic save: its config's history (instruction, made no layer) and its layer tars, lowest first.</summary>
sealed record SyntheticImage(IReadOnlyList<(string CreatedBy, bool Empty)> History, IReadOnlyList<byte[]> Layers)
{
    public IReadOnlyList<string> DiffIds => [.. Layers.Select(Synthetic.DiffId)];

    public byte[] Config => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["architecture"] = "amd64",
        ["os"] = "linux",
        ["rootfs"] = new { type = "layers", diff_ids = DiffIds },
        ["history"] = History.Select(h => h.Empty
            ? (object)new { created_by = h.CreatedBy, empty_layer = true }
            : new { created_by = h.CreatedBy }),
    });

    /// <summary>The image ID of the classic image store: the digest of the config.</summary>
    public string Id => Synthetic.Digest(Config);
}

/// <summary>Synthetic contents, dpkg status files and docker save streams in both layouts the engine writes.</summary>
static class Synthetic
{
    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A layer's diff ID: the digest of its uncompressed tar.</summary>
    public static string DiffId(byte[] tar) => Digest(tar);

    static string Hex(string digest) => digest["sha256:".Length..];

    public static byte[] Random(int bytes, int seed)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Text-like bytes that compress well, but not to nothing.</summary>
    public static byte[] Text(int bytes)
    {
        var words = new[] { "cuda ", "runtime ", "libcublas ", "kernel ", "driver ", "layer ", "image ", "tensor " };
        var random = new Random(bytes);
        var text = new StringBuilder(bytes + 16);
        while (text.Length < bytes) text.Append(words[random.Next(words.Length)]);
        return Encoding.ASCII.GetBytes(text.ToString(0, bytes));
    }

    /// <summary>A var/lib/dpkg/status with these packages installed (Installed-Size in KiB).</summary>
    public static string Status(params (string Name, string Version, long KiB)[] packages) =>
        string.Concat(packages.Select(p =>
            $"Package: {p.Name}\nStatus: install ok installed\nPriority: optional\nInstalled-Size: {p.KiB}\nArchitecture: amd64\n" +
            $"Version: {p.Version}\nDescription: {p.Name}\n a package made for a test\n .\n more text\n\n"));

    public static byte[] Gzip(byte[] data)
    {
        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(data);
        return gz.ToArray();
    }

    /// <summary>
    /// The legacy layout of docker save (Docker Engine before 25): &lt;id&gt;/layer.tar under folder names that are not
    /// diff IDs, &lt;image id&gt;.json configs, manifest.json, and a symbolic link for a layer already written.
    /// </summary>
    public static byte[] LegacySave(params SyntheticImage[] images)
    {
        var save = new MemoryStream();
        using (var writer = new TarWriter(save, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var written = new Dictionary<string, string>();
            var manifest = new List<object>();
            var folder = 0;
            foreach (var image in images)
            {
                var paths = new List<string>();
                foreach (var layer in image.Layers)
                {
                    var dir = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(++folder)));
                    writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, dir + "/"));
                    writer.WriteEntry(Entry($"{dir}/VERSION", "1.0"u8.ToArray()));
                    writer.WriteEntry(Entry($"{dir}/json", """{"id":"x"}"""u8.ToArray()));
                    var diffId = DiffId(layer);
                    if (written.TryGetValue(diffId, out var first))
                        writer.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, $"{dir}/layer.tar") { LinkName = $"../{first}" });
                    else
                    {
                        writer.WriteEntry(Entry($"{dir}/layer.tar", layer));
                        written[diffId] = $"{dir}/layer.tar";
                    }
                    paths.Add($"{dir}/layer.tar");
                }
                writer.WriteEntry(Entry($"{Hex(image.Id)}.json", image.Config));
                manifest.Add(new { Config = $"{Hex(image.Id)}.json", RepoTags = (string[]?)null, Layers = paths });
            }
            writer.WriteEntry(Entry("manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest)));
        }
        return save.ToArray();
    }

    /// <summary>
    /// The OCI layout newer engines write: oci-layout, index.json, blobs/sha256/&lt;digest&gt; for layers, configs and
    /// manifests. <paramref name="gzipLayers"/> stores the layers compressed, as the containerd image store does.
    /// </summary>
    public static (byte[] Save, IReadOnlyList<string> ManifestDigests) OciSave(bool gzipLayers, params SyntheticImage[] images)
    {
        var save = new MemoryStream();
        var manifests = new List<string>();
        using (var writer = new TarWriter(save, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "blobs/"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "blobs/sha256/"));
            var written = new HashSet<string>();
            foreach (var image in images)
            {
                var layers = image.Layers.Select(l => gzipLayers ? Gzip(l) : l).ToList();
                foreach (var blob in layers.Where(b => written.Add(Digest(b))))
                    writer.WriteEntry(Entry($"blobs/sha256/{Hex(Digest(blob))}", blob));
                writer.WriteEntry(Entry($"blobs/sha256/{Hex(image.Id)}", image.Config));
                var manifest = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    schemaVersion = 2,
                    mediaType = "application/vnd.oci.image.manifest.v1+json",
                    config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = image.Id, size = image.Config.Length },
                    layers = layers.Select(b => new
                    {
                        mediaType = gzipLayers ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar",
                        digest = Digest(b),
                        size = b.Length,
                    }),
                });
                writer.WriteEntry(Entry($"blobs/sha256/{Hex(Digest(manifest))}", manifest));
                manifests.Add(Digest(manifest));
            }
            writer.WriteEntry(Entry("oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray()));
            writer.WriteEntry(Entry("index.json", JsonSerializer.SerializeToUtf8Bytes(new
            {
                schemaVersion = 2,
                manifests = manifests.Select(m => new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = m }),
            })));
        }
        return (save.ToArray(), manifests);
    }

    static TarEntry Entry(string name, byte[] data) => new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) };
}

/// <summary>
/// Reads only asynchronously and fails an empty read, as the engine's chunked HTTP stream does: what the real
/// save stream looks like to the reader.
/// </summary>
sealed class EngineLikeStream(byte[] data) : CudaImages.IO.AsyncReadOnlyStream
{
    readonly MemoryStream inner = new(data);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty ? throw new EndOfStreamException("empty read") : ValueTask.FromResult(inner.Read(buffer.Span));
}
