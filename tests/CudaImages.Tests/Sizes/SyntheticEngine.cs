using CudaImages.Docker;
using CudaImages.Tests.Docker;

namespace CudaImages.Tests.Sizes;

/// <summary>Images held in memory: inspect, history and a docker save in the engine's legacy layout.</summary>
sealed class SyntheticEngine(string labelPrefix = "io.cudaimages") : StandInEngine
{
    readonly Dictionary<string, (ImageInfo Info, IReadOnlyList<ImageHistoryStep> History, SyntheticImage Image)> images = [];

    /// <summary>An image made of its steps: each with a layer tar, or null for a step that made no layer.</summary>
    public string Add(string reference, string? parentId, IReadOnlyList<(string CreatedBy, byte[]? Layer)> steps)
    {
        var image = new SyntheticImage([.. steps.Select(s => (s.CreatedBy, s.Layer is null))], [.. steps.Where(s => s.Layer is not null).Select(s => s.Layer!)]);
        var labels = parentId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [$"{labelPrefix}.parent-id"] = parentId };
        var info = new ImageInfo(image.Id, [reference], labels, image.Layers.Sum(l => (long)l.Length), DateTimeOffset.UnixEpoch) { Layers = image.DiffIds };
        var entry = (info, (IReadOnlyList<ImageHistoryStep>)[.. steps.Select(s => new ImageHistoryStep(s.CreatedBy, s.Layer?.Length ?? 0))], image);
        images[reference] = entry;
        images[image.Id] = entry;
        return image.Id;
    }

    public string IdOf(string reference) => images[reference].Info.Id;

    public byte[] Config(string reference) => images[reference].Image.Config;

    public void Relabel(string reference, string parentId)
    {
        var (info, history, image) = images[reference];
        var relabelled = (info with { Labels = new Dictionary<string, string> { [$"{labelPrefix}.parent-id"] = parentId } }, history, image);
        images[reference] = images[info.Id] = relabelled;
    }

    public override string Endpoint => "memory";

    public override Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
        Task.FromResult(images.TryGetValue(reference, out var image) ? image.Info : null);

    public override Task<IReadOnlyList<ImageHistoryStep>?> ImageHistoryAsync(string reference, CancellationToken cancellationToken) =>
        Task.FromResult(images.TryGetValue(reference, out var image) ? image.History : null);

    /// <summary>How many saves were asked for.</summary>
    public int Saves { get; private set; }

    public override Task<Stream> SaveImagesAsync(IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        Saves++;
        return Task.FromResult<Stream>(new SavedImagesStream(new EngineLikeStream(Synthetic.LegacySave([.. references.Select(r => images[r].Image)]))));
    }
}
