using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace CudaImages.Sizes;

/// <summary>
/// What one layer holds, read from its tar: the diff ID (sha256 of the uncompressed tar), its size compressed,
/// the largest files it adds and the dpkg status it carries (null when it carries none).
/// </summary>
public sealed record LayerContents(
    string DiffId,
    long TarBytes,
    long CompressedBytes,
    bool StoredCompressed,
    IReadOnlyList<FileSize> LargestFiles,
    IReadOnlyDictionary<string, DpkgPackage>? DpkgStatus);

/// <summary>Reads a layer tar (the OCI image-layer changeset format) in one pass, without keeping its files.</summary>
public static class LayerTar
{
    public const int Top = 10;

    // A dpkg status is a few MB; anything far larger is not one we want in memory.
    const long MaxStatusBytes = 256L << 20;

    /// <summary>An uncompressed layer tar, as docker save writes it: its compressed size is estimated (see <see cref="DigestingStream"/>).</summary>
    public static async Task<LayerContents> ReadAsync(Stream tar, CancellationToken cancellationToken)
    {
        await using var digesting = new DigestingStream(tar, estimateGzip: true, cancellationToken);
        var (files, status) = await ReadEntriesAsync(digesting, cancellationToken);
        var (digest, bytes, gzipped) = await digesting.FinishAsync();
        return new LayerContents(digest, bytes, gzipped, false, files, status);
    }

    /// <summary>A layer the engine keeps gzip-compressed: its compressed size is the blob's own.</summary>
    public static async Task<LayerContents> ReadCompressedAsync(Stream gzipped, long blobBytes, CancellationToken cancellationToken)
    {
        await using var tar = new GZipStream(gzipped, CompressionMode.Decompress, leaveOpen: true);
        await using var digesting = new DigestingStream(tar, estimateGzip: false, cancellationToken);
        var (files, status) = await ReadEntriesAsync(digesting, cancellationToken);
        var (digest, bytes, _) = await digesting.FinishAsync();
        return new LayerContents(digest, bytes, blobBytes, true, files, status);
    }

    static async Task<(IReadOnlyList<FileSize> Files, IReadOnlyDictionary<string, DpkgPackage>? Status)> ReadEntriesAsync(Stream tar,
        CancellationToken cancellationToken)
    {
        var largest = new PriorityQueue<FileSize, (long, string)>(Top + 1, SmallestFirst.Instance);
        IReadOnlyDictionary<string, DpkgPackage>? status = null;
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                continue;
            var path = Normalize(entry.Name);
            // Whiteouts (.wh.name, .wh..wh..opq) mark deletions: they add nothing.
            if (System.IO.Path.GetFileName(path).StartsWith(".wh.", StringComparison.Ordinal))
                continue;
            largest.Enqueue(new FileSize(path, entry.Length), (entry.Length, path));
            if (largest.Count > Top) largest.Dequeue();
            if (path == DpkgStatus.Path && entry.DataStream is { } data && entry.Length <= MaxStatusBytes)
            {
                using var text = new StreamReader(data, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
                status = DpkgStatus.Parse(new StringReader(await text.ReadToEndAsync(cancellationToken)));
            }
        }
        var files = new List<FileSize>(largest.Count);
        while (largest.Count > 0) files.Add(largest.Dequeue());
        files.Reverse();
        return (files, status);
    }

    /// <summary>"./usr/lib/x", "usr/lib/x" and "/usr/lib/x" all name /usr/lib/x.</summary>
    static string Normalize(string name) =>
        "/" + (name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name).TrimStart('/');

    /// <summary>Smallest size first, and for equal sizes the later path first, so the kept ten are stable.</summary>
    sealed class SmallestFirst : IComparer<(long Bytes, string Path)>
    {
        public static readonly SmallestFirst Instance = new();

        public int Compare((long Bytes, string Path) x, (long Bytes, string Path) y) =>
            x.Bytes != y.Bytes ? x.Bytes.CompareTo(y.Bytes) : string.CompareOrdinal(y.Path, x.Path);
    }
}
