using System.Collections.Concurrent;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;
using CudaImages.Tests.Docker;

namespace CudaImages.Tests.Building;

/// <summary>How often ImageBuilder asks the engine what a tag holds: once per tag, again only for a tag it moved itself.</summary>
public sealed class ImageInspectionTests : IDisposable
{
    const string Prefix = "io.cudaimages";
    readonly string logs = Path.Combine(Path.GetTempPath(), "cudaimages-tests", Guid.NewGuid().ToString("n"), "logs");
    readonly BuildPlan plan = Planner.Plan(MatrixLoader.Load(TestPaths.Fixture("engine-tiny"), SmokeCheckRegistry.Default.Catalogue), Selection.All, "inspected");
    readonly CountingEngine engine = new();

    /// <summary>Holds images by tag, counts each inspection and "builds" by handing out a new ID.</summary>
    sealed class CountingEngine : StandInEngine
    {
        public readonly ConcurrentDictionary<string, ImageInfo> Tagged = new();
        public readonly ConcurrentDictionary<string, int> Inspections = new();
        readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> built = new();
        int builds;

        public override Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken)
        {
            Inspections.AddOrUpdate(reference, 1, (_, n) => n + 1);
            return Task.FromResult(Tagged.GetValueOrDefault(reference));
        }

        public override Task<string> BuildImageAsync(Stream contextTar, IReadOnlyDictionary<string, string> buildArgs, IReadOnlyDictionary<string, string> labels,
            bool noCache, string? network, TextWriter log, Action<string> step, CancellationToken cancellationToken, string? platform = null)
        {
            var id = $"sha256:built-{Interlocked.Increment(ref builds)}";
            built[id] = labels;
            return Task.FromResult(id);
        }

        public override Task TagImageAsync(string imageId, string reference, CancellationToken cancellationToken)
        {
            Tagged[reference] = new ImageInfo(imageId, [reference], built[imageId], 0, DateTimeOffset.UnixEpoch);
            return Task.CompletedTask;
        }
    }

    IReadOnlyDictionary<string, string> Bases => plan.Images.Select(i => i.BaseImage).Distinct().ToDictionary(b => b, b => $"sha256:base-{b}");

    /// <summary>Tags every planned image as a previous run left it: built from its parent with the planned input hash.</summary>
    void TagAsPreviouslyBuilt(string? staleTag = null)
    {
        foreach (var image in plan.Images)
        {
            var parentId = image.Parent is { } parent ? engine.Tagged[plan.Find(parent)!.Reference].Id : Bases[image.BaseImage];
            var labels = new Dictionary<string, string>
            {
                [ImageLabels.InputHash(Prefix)] = image.Tag == staleTag ? "stale" : image.InputHash,
                [ImageLabels.ParentId(Prefix)] = parentId,
            };
            engine.Tagged[image.Reference] = new ImageInfo($"sha256:old-{image.Tag}", [image.Reference], labels, 0, DateTimeOffset.UnixEpoch);
        }
    }

    ImageBuilder Builder() => new(engine, new BuildOptions(2, false, null, "test", logs, Prefix));

    static IBuildProgress Quiet => new PlainBuildProgress(TextWriter.Null);

    [Fact]
    public async Task Each_image_is_inspected_once_for_the_disk_estimate_and_its_turn_to_build()
    {
        TagAsPreviouslyBuilt();
        var builder = Builder();

        var toBuild = await builder.ToBuildAsync(plan, Bases, CancellationToken.None);
        var records = await builder.BuildAsync(plan, Bases, Quiet, CancellationToken.None);

        toBuild.ShouldBeEmpty();
        records.ShouldAllBe(r => r.Status == ImageBuildStatus.Skipped);
        engine.Inspections.Keys.ShouldBe(plan.Images.Select(i => i.Reference), ignoreOrder: true);
        engine.Inspections.Values.ShouldAllBe(n => n == 1);
    }

    [Fact]
    public async Task A_child_whose_parent_was_rebuilt_is_rebuilt_from_the_new_parent_without_a_second_inspection()
    {
        var root = plan.Images.First(i => i.Parent is null);
        var child = plan.Images.First(i => i.Parent == root.Tag);
        TagAsPreviouslyBuilt(staleTag: root.Tag);
        var builder = Builder();

        await builder.ToBuildAsync(plan, Bases, CancellationToken.None);
        var records = (await builder.BuildAsync(plan, Bases, Quiet, CancellationToken.None)).ToDictionary(r => r.Tag);

        records[root.Tag].Status.ShouldBe(ImageBuildStatus.Built);
        records[child.Tag].Status.ShouldBe(ImageBuildStatus.Built);
        records[child.Tag].ParentImageId.ShouldBe(records[root.Tag].ImageId);
        engine.Inspections[child.Reference].ShouldBe(1);
    }

    [Fact]
    public async Task A_tag_the_builder_moved_is_inspected_again_on_the_next_look()
    {
        var root = plan.Images.First(i => i.Parent is null);
        TagAsPreviouslyBuilt(staleTag: root.Tag);
        var builder = Builder();
        await builder.ToBuildAsync(plan, Bases, CancellationToken.None);
        await builder.BuildAsync(plan, Bases, Quiet, CancellationToken.None);

        await builder.ToBuildAsync(plan, Bases, CancellationToken.None);

        engine.Inspections[root.Reference].ShouldBe(2);
        engine.Inspections[plan.Images.Last(i => i.Parent is null).Reference].ShouldBe(1);
    }

    public void Dispose()
    {
        if (Directory.Exists(logs)) Directory.Delete(Path.GetDirectoryName(logs)!, recursive: true);
    }
}
