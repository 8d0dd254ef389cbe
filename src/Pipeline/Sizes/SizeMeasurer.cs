using CudaImages.Bases;
using CudaImages.Docker;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Publishing;

namespace CudaImages.Sizes;

/// <summary>An image to measure: its tag and local reference, its place in the matrix, the image it is built FROM, its budget.</summary>
public sealed record ImageToMeasure(
    string Tag,
    string Reference,
    string Flavor,
    string Cuda,
    string Distro,
    string? Parent,
    string FromReference,
    long? BudgetBytes)
{
    /// <summary>Every image of the plan (the selection with its parents); a root image is built FROM its distro's base image.</summary>
    public static IReadOnlyList<ImageToMeasure> From(BuildPlan plan) =>
        [.. plan.Images.Select(i => new ImageToMeasure(i.Tag, i.Reference, i.Flavor, i.Cuda.Full, i.Distro.Id, i.Parent,
            i.Parent is { } parent ? plan.Find(parent)?.Reference ?? parent : i.BaseImage, i.SizeBudgetBytes))];
}

/// <summary>What MeasureSizes found: the measured images, those it could not measure, and what the user should know.</summary>
public sealed record SizeMeasurement(IReadOnlyList<ImageSize> Images, IReadOnlyList<UnmeasuredImage> NotMeasured, IReadOnlyList<string> Warnings)
{
    public SizesFile File(DateTimeOffset measuredAt) => new(SizesFile.CurrentSchema, measuredAt, Images) { NotMeasured = NotMeasured };
}

/// <summary>
/// Measures the built images of a selection on the engine: sizes and layers from inspect and history, and what makes
/// each layer big from one <c>docker save</c> of them all, read as it streams (each distinct layer read once), which
/// an <see cref="ImageSave"/> shares with the Sbom target.
/// </summary>
public sealed class SizeMeasurer(IDockerEngine engine, string labelPrefix, ImageSave? save = null)
{
    readonly ImageSave save = save ?? new ImageSave();

    public const string EstimateMethod =
        "gzip -6 (a push's level) of every 4th MiB of each layer tar, scaled to the whole tar, plus the config; not yet read from a registry";

    /// <summary><paramref name="absentBecause"/>: why an image is rightly not in the engine (tag → reason), e.g. current in the registry and not pulled.</summary>
    public async Task<SizeMeasurement> MeasureAsync(IReadOnlyList<ImageToMeasure> images, PublishFile? published, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? absentBecause = null)
    {
        var found = new List<Found>();
        var notMeasured = new List<UnmeasuredImage>();
        foreach (var image in images)
        {
            if (await engine.InspectImageAsync(image.Reference, cancellationToken) is { } info)
                found.Add(new Found(image, info, [.. await engine.ImageHistoryAsync(info.Id, cancellationToken) ?? []]));
            else if (absentBecause?.GetValueOrDefault(image.Tag) is { } reason)
                notMeasured.Add(new UnmeasuredImage(image.Tag, image.Reference, reason));
            else
                notMeasured.Add(new UnmeasuredImage(image.Tag, image.Reference, $"not built: {image.Reference} is not in the engine; run BuildImages"));
        }
        if (found.Count == 0 && notMeasured.All(n => absentBecause?.ContainsKey(n.Tag) == true))
            return new SizeMeasurement([], notMeasured, []);
        if (found.Count == 0)
            throw new PrerequisiteException((images.Count == 1 ? "the selected image is not in the engine" : $"none of the {images.Count} selected images is in the engine") +
                                            $" ({Names(images.Select(i => i.Reference))}): build them first, with the same selection: ./build.sh BuildImages MeasureSizes ...");

        var measuredIds = found.Select(f => f.Info.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var image in found)
            await FindParentAsync(image, measuredIds, cancellationToken);

        var saved = await save.ReadAsync(engine, measuredIds, cancellationToken);

        var holders = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var f in found)
            foreach (var layer in f.Info.Layers.Distinct())
                (holders.TryGetValue(layer, out var tags) ? tags : holders[layer] = []).Add(f.Image.Tag);

        var warnings = new List<string>();
        var sizes = found.Select(f => Size(f, saved, holders, published?.Find(f.Image.Tag))).ToList();
        foreach (var size in sizes)
            warnings.AddRange(size.Notes.Select(note => $"{size.Tag}: {note}"));
        return new SizeMeasurement(sizes, notMeasured, warnings);
    }

    async Task FindParentAsync(Found image, HashSet<string> measuredIds, CancellationToken cancellationToken)
    {
        var current = await engine.InspectImageAsync(image.Image.FromReference, cancellationToken);
        // The exact image it was built FROM (BuildImages labels it); the parent may have been rebuilt since.
        var builtFrom = image.Info.Labels.GetValueOrDefault(ImageLabels.ParentId(labelPrefix));
        var parent = builtFrom is null || builtFrom == current?.Id ? current : await engine.InspectImageAsync(builtFrom, cancellationToken) ?? current;
        if (builtFrom is not null && current is not null && builtFrom != current.Id)
            image.Notes.Add($"built on an older {image.Image.FromReference} ({Digests.Hex12(builtFrom)}) than the one in the engine now ({Digests.Hex12(current.Id)}); " +
                            "run BuildImages to rebuild it");
        if (parent is null)
            image.Notes.Add($"{image.Image.FromReference} is not in the engine, so every layer counts as added");
        image.ParentLayers = parent?.Layers ?? [];
        image.ParentMeasured = parent is not null && measuredIds.Contains(parent.Id);
    }

    static ImageSize Size(Found f, SavedImages saved, Dictionary<string, List<string>> holders, PublishedImage? published)
    {
        var layers = f.Info.Layers;
        var config = saved.Config(f.Info.Id);
        var steps = LayerHistory.Map(f.History, config?.EmptyLayer, layers.Count);
        if (steps is null)
            f.Notes.Add($"its history does not match its {layers.Count} layers: layer sizes are those of their tars and no instruction is named");
        var fromParent = 0;
        while (fromParent < layers.Count && fromParent < f.ParentLayers.Count && layers[fromParent] == f.ParentLayers[fromParent])
            fromParent++;

        var sizes = new List<LayerSize>(layers.Count);
        IReadOnlyDictionary<string, DpkgPackage>? statusBelow = null;
        for (var i = 0; i < layers.Count; i++)
        {
            var contents = saved.Layers.GetValueOrDefault(layers[i]);
            var isFromParent = i < fromParent;
            // A measured parent's layers are analysed in the parent's entry; the base OS layer is analysed here.
            var analysed = contents is not null && !(isFromParent && f.ParentMeasured);
            sizes.Add(new LayerSize(
                layers[i],
                steps?[i].Size ?? contents?.TarBytes ?? 0,
                steps?[i].CreatedBy ?? "",
                isFromParent,
                [.. holders[layers[i]].Where(tag => tag != f.Image.Tag).Distinct()],
                contents?.CompressedBytes,
                analysed ? contents!.LargestFiles : [],
                analysed && contents!.DpkgStatus is { } status ? DpkgStatus.Installed(statusBelow, status, LayerTar.Top) : []));
            statusBelow = contents?.DpkgStatus ?? statusBelow;
        }
        var missing = layers.Where(layer => !saved.Layers.ContainsKey(layer)).ToList();
        if (missing.Count > 0)
            f.Notes.Add($"{missing.Count} of its layers were not found in the engine's save ({Names(missing.Select(Digests.Hex12))}): they are not analysed");

        return new ImageSize(f.Image.Tag, f.Image.Reference, f.Info.Id, f.Image.Flavor, f.Image.Cuda, f.Image.Distro, f.Image.Parent,
            f.Info.Size, sizes.Where(l => !l.FromParent).Sum(l => l.Bytes), Compressed(f, saved, config, missing.Count, published),
            f.Image.BudgetBytes, sizes)
        {
            Notes = [.. f.Notes],
            Packages = missing.Count > 0 || statusBelow is null ? null
                : new SortedDictionary<string, string>(statusBelow.Values.ToDictionary(p => p.Key, p => p.Version), StringComparer.Ordinal),
        };
    }

    static CompressedSize? Compressed(Found f, SavedImages saved, ImageConfig? config, int missing, PublishedImage? published)
    {
        if (published is not null && published.ImageId == f.Info.Id)
            return new CompressedSize(published.CompressedBytes, CompressedSource.Registry,
                $"config and layers of the manifest of {published.Repository}:{published.Tag} ({published.Digest}) in the registry");
        if (published is not null)
            f.Notes.Add($"publish.json has {published.Tag} as image {Digests.Hex12(published.ImageId)}, the engine has {Digests.Hex12(f.Info.Id)}: compressed size estimated");
        if (missing > 0 || config is null)
        {
            f.Notes.Add(config is null ? "its config was not found in the engine's save: no compressed size" : "layers missing: no compressed size");
            return null;
        }
        var layers = f.Info.Layers.Select(layer => saved.Layers[layer]).ToList();
        var stored = layers.Count(l => l.StoredCompressed);
        return new CompressedSize(layers.Sum(l => l.CompressedBytes) + config.Bytes, CompressedSource.Estimate,
            stored == 0 ? EstimateMethod : $"{EstimateMethod}; {stored} of the layers counted as the engine stores them (gzip)");
    }


    static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return string.Join(", ", list.Take(4)) + (list.Count > 4 ? $" and {list.Count - 4} more" : "");
    }

    sealed class Found(ImageToMeasure image, ImageInfo info, IReadOnlyList<ImageHistoryStep> history)
    {
        public ImageToMeasure Image { get; } = image;
        public ImageInfo Info { get; } = info;
        public IReadOnlyList<ImageHistoryStep> History { get; } = history;
        public IReadOnlyList<string> ParentLayers { get; set; } = [];
        public bool ParentMeasured { get; set; }
        public List<string> Notes { get; } = [];
    }
}
