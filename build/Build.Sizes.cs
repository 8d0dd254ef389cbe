using System.Diagnostics;
using CudaImages;
using CudaImages.BuildEngine;
using CudaImages.Docker;
using CudaImages.Publishing;
using CudaImages.Sizes;
using Spectre.Console;

partial class Build
{
    [Parameter("A sizes.json of an earlier MeasureSizes run: prints each image's size delta in MB and %")]
    readonly AbsolutePath? Baseline;

    [Parameter("Growth over --baseline, in whole percent, that is flagged as a warning", Minimum = 0)]
    readonly int SizeGrowthThreshold = 5;

    /// <summary>The run's one save of the selected images: MeasureSizes and Sbom read the same one.</summary>
    readonly ImageSave ImageSave = new();

    Target MeasureSizes => _ => _
        .Description("Measure the built images: size, added over the parent, compressed, largest files and packages per layer, budgets; writes artifacts/sizes.json")
        .DependsOn(Plan)
        .After(BuildImages, SmokeTest, Publish) // after Publish, compressed sizes are the registry's own
        .Executes(async () =>
        {
            var baseline = Baseline is null ? null : SizeBaseline.Read(Baseline);
            var published = ReadPublished();
            var (engine, _) = await EngineConnection.ConnectAsync(Log.Warning, CancellationToken);
            using var _engine = engine;

            var clock = Stopwatch.StartNew();
            var measurement = await new SizeMeasurer(engine, LoadedMatrix.Settings.LabelPrefix, ImageSave)
                .MeasureAsync(ImageToMeasure.From(BuildPlan), published, CancellationToken, NotPulled("measured when it was published"));
            var sizes = measurement.File(DateTimeOffset.UtcNow);
            sizes.Write(ArtifactsDirectory / SizesFile.RelativePath);

            ConsoleTables.Write(SizesTable.Render(sizes), SizesTable.LogWidth);
            measurement.Warnings.ToList().ForEach(Log.Warning);
            Log.Information($"{sizes.Images.Count} measured, {sizes.NotMeasured.Count} not measured in {clock.Elapsed.TotalSeconds:0.0} s; " +
                            $"wrote {ArtifactsDirectory / SizesFile.RelativePath}");
            if (baseline is not null)
                CompareSizes(baseline, sizes);
            FailOverBudget(sizes);
        });

    /// <summary>Why an image BuildImages found current in the registry may rightly be missing from the engine: <paramref name="done"/> at its publication, not here.</summary>
    Dictionary<string, string> NotPulled(string done) => CudaImages.Building.BuildFile.Read(ArtifactsDirectory / CudaImages.Building.BuildFile.RelativePath).Images
        .Where(r => r.Status == CudaImages.Building.ImageBuildStatus.CurrentInRegistry)
        .ToDictionary(r => r.Tag, r => $"current in registry as {r.RegistryDigest}, not pulled: {done}");

    PublishFile? ReadPublished()
    {
        var path = ArtifactsDirectory / PublishFile.RelativePath;
        try
        {
            return PublishFile.ReadIfExists(path);
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"{path} cannot be read ({e.Message.TrimEnd('.')}); run Publish again or delete the file");
        }
    }

    void CompareSizes(SizesFile baseline, SizesFile sizes)
    {
        var comparison = SizeBaseline.Compare(baseline, sizes, SizeGrowthThreshold, Baseline!);
        AnsiConsole.Write(SizesTable.Render(comparison));
        AppendStepSummary(comparison.Markdown());
        // Growth is a warning: a budget is the line that fails a build, a baseline only shows the trend.
        foreach (var grown in comparison.Flagged)
            Log.Warning($"{grown.Tag} grew {grown.DeltaMegabytes} MB ({grown.DeltaPercentText}) over {Baseline}, more than {SizeGrowthThreshold} %");
    }

    static void FailOverBudget(SizesFile sizes)
    {
        var over = SizeBudgets.Exceeded(sizes.Images);
        if (over.Count == 0) return;
        foreach (var image in over)
            Log.Error(image.ToString());
        throw new Exception($"{over.Count} image(s) over their size budget: {string.Join(", ", over.Select(o => o.Tag))}");
    }
}
