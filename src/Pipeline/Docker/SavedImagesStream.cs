using CudaImages.IO;

namespace CudaImages.Docker;

/// <summary>
/// The engine's response to GET /images/get as a plain read-only stream. The library's chunked-transfer stream reads only
/// asynchronously and fails an empty read (which tar readers make at the end of an entry); here an empty read answers 0.
/// </summary>
sealed class SavedImagesStream(Stream response) : AsyncReadOnlyStream
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty ? ValueTask.FromResult(0) : response.ReadAsync(buffer, cancellationToken);



    protected override void Dispose(bool disposing)
    {
        if (disposing) response.Dispose();
        base.Dispose(disposing);
    }

}
