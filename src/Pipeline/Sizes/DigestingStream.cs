using System.IO.Compression;
using System.Security.Cryptography;
using CudaImages.IO;

namespace CudaImages.Sizes;

/// <summary>
/// A read-only pass-through that feeds every byte it reads to SHA-256 and, when asked, estimates its gzip size: one pass
/// over a layer gives its entries, its diff ID and its compressed size, with nothing kept. It reads ahead in 1 MiB
/// blocks, so hashing and compressing work on megabytes, not on tar's 512-byte records.
/// </summary>
/// <remarks>
/// The estimate deflates every <see cref="SampleEvery"/>th block at gzip's default level 6 (what a push uses) and scales
/// the ratio to the whole stream. Against a real push of this project's base and runtime images it came out 1.4 % and
/// 0.5 % high, in less time than .NET's fastest level takes over every block, which overstates CUDA layers by about 20 %.
/// </remarks>
sealed class DigestingStream : AsyncReadOnlyStream
{
    const int ChunkBytes = 1 << 20;
    public const int SampleEvery = 4;
    const int DefaultLevel = 6;
    const int GzipFraming = 18; // header and trailer around the deflate stream

    readonly Stream source;
    readonly CancellationToken cancellationToken;
    readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    readonly bool estimateGzip;
    readonly CountingStream compressed = new();
    readonly byte[] chunk = new byte[ChunkBytes];
    int offset;
    int count;
    long total;
    long blocks;
    long sampledBytes;
    long sampledCompressed;

    public DigestingStream(Stream source, bool estimateGzip, CancellationToken cancellationToken)
    {
        this.source = source;
        this.estimateGzip = estimateGzip;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Reads what is left of the source, so the digest covers every byte (a tar's trailing zero blocks too).
    /// GzipBytes is the estimate, 0 when none was asked for.
    /// </summary>
    public async Task<(string Digest, long Bytes, long GzipBytes)> FinishAsync()
    {
        while (await FillAsync()) { }
        var gzipBytes = !estimateGzip || sampledBytes == 0 ? 0
            : (long)Math.Round((double)sampledCompressed / sampledBytes * total) + GzipFraming;
        return ("sha256:" + Convert.ToHexStringLower(sha256.GetHashAndReset()), total, gzipBytes);
    }

    // The engine's HTTP stream reads only asynchronously, so this one does too.
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (offset == count && !await FillAsync()) return 0;
        var n = Math.Min(buffer.Length, count - offset);
        chunk.AsMemory(offset, n).CopyTo(buffer);
        offset += n;
        return n;
    }



    async Task<bool> FillAsync()
    {
        offset = 0;
        count = await source.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken);
        if (count == 0) return false;
        sha256.AppendData(chunk, 0, count);
        if (estimateGzip && blocks++ % SampleEvery == 0)
            Sample(chunk.AsSpan(0, count));
        total += count;
        return true;
    }

    void Sample(ReadOnlySpan<byte> block)
    {
        compressed.Reset();
        using (var deflate = new DeflateStream(compressed, new ZLibCompressionOptions { CompressionLevel = DefaultLevel }, leaveOpen: true))
            deflate.Write(block);
        sampledBytes += block.Length;
        sampledCompressed += compressed.Count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) sha256.Dispose();
        base.Dispose(disposing);
    }

    public override long Position { get => total - (count - offset); set => throw new NotSupportedException(); }

    /// <summary>Counts what is written to it and keeps none of it.</summary>
    sealed class CountingStream : Stream
    {
        public long Count { get; private set; }

        public void Reset() => Count = 0;

        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;
        public override void Write(byte[] buffer, int offset, int count) => Count += count;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
