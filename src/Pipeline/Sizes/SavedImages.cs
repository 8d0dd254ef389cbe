using System.Formats.Tar;
using System.Text.Json;
using CudaImages.IO;

namespace CudaImages.Sizes;

/// <summary>An image config found in a save: its size in bytes, and for each history step whether it made no layer.</summary>
public sealed record ImageConfig(long Bytes, IReadOnlyList<bool> EmptyLayer);

/// <summary>
/// A <c>docker save</c> stream of several images, read once: every layer tar analysed (each distinct layer once, by
/// diff ID) and the small JSON documents kept (image configs, manifests, indexes). Both layouts are read: the legacy
/// one (&lt;id&gt;/layer.tar and &lt;image id&gt;.json, whose folder names are not diff IDs) and the OCI layout newer engines
/// write (index.json, blobs/sha256/&lt;digest&gt;), whose layer blobs may also be gzip-compressed.
/// </summary>
public sealed class SavedImages
{
    const int HeadBytes = 512;
    const long MaxDocumentBytes = 16L << 20;

    readonly Dictionary<string, LayerContents> layers = new(StringComparer.Ordinal);
    readonly Dictionary<string, byte[]> documents = new(StringComparer.Ordinal);

    SavedImages() { }

    /// <summary>The analysed layers, by diff ID ("sha256:...").</summary>
    public IReadOnlyDictionary<string, LayerContents> Layers => layers;

    public static async Task<SavedImages> ReadAsync(Stream save, CancellationToken cancellationToken)
    {
        var saved = new SavedImages();
        await using var reader = new TarReader(save, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is not { } data || entry.Length == 0)
                continue; // folders, and the symbolic links a save makes for a layer it already wrote
            var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
            if (name.StartsWith("blobs/", StringComparison.Ordinal) || name.EndsWith("/layer.tar", StringComparison.Ordinal))
                await saved.ReadBlobAsync(name, data, entry.Length, cancellationToken);
            else if (!name.Contains('/') && name.EndsWith(".json", StringComparison.Ordinal) && name != "manifest.json" && name != "index.json")
                await saved.KeepAsync(name[..^".json".Length], data, entry.Length, cancellationToken); // legacy layout: <image id>.json is the image config
        }
        return saved;
    }

    /// <summary>
    /// The config of an image by its ID: the document of that digest, or, where the ID is a manifest's or an
    /// index's digest (engines with the containerd image store), the config it points to.
    /// </summary>
    public ImageConfig? Config(string imageId) => Config(Hex(imageId), depth: 0);

    ImageConfig? Config(string hex, int depth)
    {
        if (depth > 3 || !documents.TryGetValue(hex, out var bytes)) return null;
        try
        {
            using var json = JsonDocument.Parse(bytes);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("rootfs", out _))
                return new ImageConfig(bytes.Length, root.TryGetProperty("history", out var history) && history.ValueKind == JsonValueKind.Array
                    ? [.. history.EnumerateArray().Select(step => step.TryGetProperty("empty_layer", out var empty) && empty.ValueKind == JsonValueKind.True)]
                    : []);
            if (root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object && config.TryGetProperty("digest", out var digest))
                return Config(Hex(digest.GetString() ?? ""), depth + 1);
            if (root.TryGetProperty("manifests", out var manifests) && manifests.ValueKind == JsonValueKind.Array)
                return manifests.EnumerateArray()
                    .Select(m => m.TryGetProperty("digest", out var d) ? Config(Hex(d.GetString() ?? ""), depth + 1) : null)
                    .FirstOrDefault(c => c is not null);
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    async Task ReadBlobAsync(string name, Stream data, long length, CancellationToken cancellationToken)
    {
        var head = new byte[(int)Math.Min(HeadBytes, length)];
        var read = await data.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var blob = new ReplayStream(head.AsMemory(0, read), data);
        if (read >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            Add(await LayerTar.ReadCompressedAsync(blob, length, cancellationToken));
        else if (head.AsSpan(0, read).TrimStart(" \t\r\n"u8) is [(byte)'{', ..])
            await KeepAsync(Path.GetFileName(name), blob, length, cancellationToken);
        else
        {
            try
            {
                Add(await LayerTar.ReadAsync(blob, cancellationToken));
            }
            catch (InvalidDataException)
            {
                // Neither a layer tar nor a document (a zstd layer, say): the measurement reports its layer as not found.
            }
        }
    }

    void Add(LayerContents layer) => layers.TryAdd(layer.DiffId, layer);

    async Task KeepAsync(string hex, Stream data, long length, CancellationToken cancellationToken)
    {
        if (length > MaxDocumentBytes) return;
        using var copy = new MemoryStream((int)length);
        await data.CopyToAsync(copy, cancellationToken);
        documents[hex] = copy.ToArray();
    }

    static string Hex(string digest) => digest[(digest.IndexOf(':') + 1)..];

    /// <summary>The bytes already read to look at a blob's first record, then the rest of it.</summary>
    sealed class ReplayStream(ReadOnlyMemory<byte> head, Stream rest) : AsyncReadOnlyStream
    {
        int position;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - position);
                head.Slice(position, n).CopyTo(buffer);
                position += n;
                return n;
            }
            return await rest.ReadAsync(buffer, cancellationToken);
        }
    }
}
