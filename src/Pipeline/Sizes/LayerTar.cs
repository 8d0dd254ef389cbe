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
    IReadOnlyDictionary<string, DpkgPackage>? DpkgStatus)
{
    /// <summary>What SBOMs need besides the dpkg status; empty for a layer that adds none of it.</summary>
    public LayerInventory Inventory { get; init; } = LayerInventory.Empty;
}

/// <summary>
/// What a layer adds to an image's software inventory besides its dpkg status: the licences of the Debian copyright
/// files it writes (by package; null where the file is not machine-readable), the Python distributions whose
/// metadata it writes (by metadata path), and what its whiteouts delete from the layers below.
/// </summary>
public sealed record LayerInventory(
    IReadOnlyDictionary<string, IReadOnlyList<string>?> Copyrights,
    IReadOnlyDictionary<string, PythonDistribution> PythonDistributions,
    IReadOnlyList<string> Deleted)
{
    public static LayerInventory Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>?>(), new Dictionary<string, PythonDistribution>(), []);

    /// <summary>The suffix a deleted folder's path gets in <see cref="Deleted"/> when only its contents are deleted (an opaque whiteout).</summary>
    public const string ContentsOnly = "/*";
}

/// <summary>Reads a layer tar (the OCI image-layer changeset format) in one pass, without keeping its files.</summary>
public static class LayerTar
{
    public const int Top = 10;

    // A dpkg status is a few MB; anything far larger is not one we want in memory.
    const long MaxStatusBytes = 256L << 20;

    // Copyright files and Python metadata are kilobytes; a larger one is not read.
    const long MaxDocumentBytes = 4L << 20;

    /// <summary>An uncompressed layer tar, as docker save writes it: its compressed size is estimated (see <see cref="DigestingStream"/>).</summary>
    public static async Task<LayerContents> ReadAsync(Stream tar, CancellationToken cancellationToken)
    {
        await using var digesting = new DigestingStream(tar, estimateGzip: true, cancellationToken);
        var (files, status, inventory) = await ReadEntriesAsync(digesting, cancellationToken);
        var (digest, bytes, gzipped) = await digesting.FinishAsync();
        return new LayerContents(digest, bytes, gzipped, false, files, status) { Inventory = inventory };
    }

    /// <summary>A layer the engine keeps gzip-compressed: its compressed size is the blob's own.</summary>
    public static async Task<LayerContents> ReadCompressedAsync(Stream gzipped, long blobBytes, CancellationToken cancellationToken)
    {
        await using var tar = new GZipStream(gzipped, CompressionMode.Decompress, leaveOpen: true);
        await using var digesting = new DigestingStream(tar, estimateGzip: false, cancellationToken);
        var (files, status, inventory) = await ReadEntriesAsync(digesting, cancellationToken);
        var (digest, bytes, _) = await digesting.FinishAsync();
        return new LayerContents(digest, bytes, blobBytes, true, files, status) { Inventory = inventory };
    }

    static async Task<(IReadOnlyList<FileSize> Files, IReadOnlyDictionary<string, DpkgPackage>? Status, LayerInventory Inventory)> ReadEntriesAsync(Stream tar,
        CancellationToken cancellationToken)
    {
        var largest = new PriorityQueue<FileSize, (long, string)>(Top + 1, SmallestFirst.Instance);
        IReadOnlyDictionary<string, DpkgPackage>? status = null;
        var copyrights = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
        var python = new Dictionary<string, PythonDistribution>(StringComparer.Ordinal);
        var deleted = new List<string>();
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                continue;
            var path = Normalize(entry.Name);
            var name = System.IO.Path.GetFileName(path);
            // Whiteouts (.wh.name, .wh..wh..opq) mark deletions: they add nothing.
            if (name.StartsWith(".wh.", StringComparison.Ordinal))
            {
                var folder = System.IO.Path.GetDirectoryName(path)!.TrimEnd('/');
                deleted.Add(name == ".wh..wh..opq" ? folder + LayerInventory.ContentsOnly : $"{folder}/{name[".wh.".Length..]}");
                continue;
            }
            largest.Enqueue(new FileSize(path, entry.Length), (entry.Length, path));
            if (largest.Count > Top) largest.Dequeue();
            if (entry.DataStream is not { } data) continue;
            if (path == DpkgStatus.Path && entry.Length <= MaxStatusBytes)
                status = DpkgStatus.Parse(await ReadTextAsync(data, cancellationToken));
            else if (DebianCopyright.PackageOf(path) is { } package && entry.Length <= MaxDocumentBytes)
                copyrights[package] = DebianCopyright.Licences(await ReadTextAsync(data, cancellationToken));
            else if (PythonMetadata.IsMetadata(path) && entry.Length <= MaxDocumentBytes && PythonMetadata.Parse(await ReadTextAsync(data, cancellationToken)) is { } distribution)
                python[path] = distribution;
        }
        var files = new List<FileSize>(largest.Count);
        while (largest.Count > 0) files.Add(largest.Dequeue());
        files.Reverse();
        var inventory = copyrights.Count == 0 && python.Count == 0 && deleted.Count == 0 ? LayerInventory.Empty : new LayerInventory(copyrights, python, deleted);
        return (files, status, inventory);
    }

    static async Task<TextReader> ReadTextAsync(Stream data, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(data, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return new StringReader(await text.ReadToEndAsync(cancellationToken));
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
