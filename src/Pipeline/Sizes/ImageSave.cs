using CudaImages.Docker;

namespace CudaImages.Sizes;

/// <summary>
/// One <c>docker save</c> of the selected images per run, read as it streams: MeasureSizes and Sbom both read the
/// images' layers, and the second to ask for images the first already asked for gets the same reading (the engine
/// spends most of a save preparing it, so two saves would cost a run its longest step twice).
/// </summary>
public sealed class ImageSave
{
    readonly Lock gate = new();
    HashSet<string> savedIds = [];
    Task<SavedImages>? reading;

    /// <summary>The images' layers, from the reading already made or under way when it covers every one of them.</summary>
    public Task<SavedImages> ReadAsync(IDockerEngine engine, IReadOnlyCollection<string> imageIds, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (reading is null || !imageIds.All(savedIds.Contains) || reading.IsFaulted || reading.IsCanceled)
            {
                savedIds = [.. imageIds];
                reading = SaveAsync(engine, [.. imageIds], cancellationToken);
            }
            return reading;
        }
    }

    static async Task<SavedImages> SaveAsync(IDockerEngine engine, IReadOnlyList<string> imageIds, CancellationToken cancellationToken)
    {
        // By ID: a tag moved by a build running meanwhile cannot make the save disagree with what was inspected.
        var save = await engine.SaveImagesAsync(imageIds, cancellationToken);
        await using (save)
        await using (cancellationToken.Register(save.Dispose)) // a read waiting on the engine ends when the stream is closed
        {
            try
            {
                return await SavedImages.ReadAsync(save, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception e) when (e is IOException || EngineFailures.IsTransport(e))
            {
                throw new EngineUnavailableException(
                    $"the Docker Engine at {engine.Endpoint} stopped sending the saved images ({e.Message}) — check that it runs (`docker version`) and measure again", e);
            }
        }
    }
}
