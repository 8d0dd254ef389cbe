using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;
using CudaImages.Tests.Docker;

namespace CudaImages.Tests.Publishing;

/// <summary>
/// The engine-tiny plan (CUDA 11.8.0 and 12.4.1 × base → runtime → devel, with their floating aliases) as real images of a
/// few hundred bytes each: FROM scratch, one file per flavor, each child FROM its parent's ID. A unique repository keeps
/// them apart from everyone's images; disposing removes every tag and image they made.
/// </summary>
sealed class TinyImages : IAsyncDisposable
{
    readonly IDockerEngine engine;
    readonly List<string> built = [];
    readonly Dictionary<string, string> ids = [];

    TinyImages(IDockerEngine engine, BuildPlan plan)
    {
        this.engine = engine;
        Plan = plan;
    }

    public BuildPlan Plan { get; }

    public IReadOnlyDictionary<string, string> Ids => ids;

    public static string NewRepository() => "cudaimages-pubtest-" + Guid.NewGuid().ToString("n")[..10];

    /// <summary>The engine-tiny plan with local names in <paramref name="repository"/>, without building anything (this machine's platform unless named).</summary>
    public static BuildPlan PlanOf(string repository, params string[] platforms) =>
        Planner.Plan(MatrixLoader.Load(TestPaths.Fixture("engine-tiny"), SmokeCheckRegistry.Default.Catalogue), Selection.All with { Platforms = platforms }, repository);

    /// <summary>Builds the plan; images for another platform need no emulation: FROM scratch, COPY only.</summary>
    public static async Task<TinyImages> BuildAsync(IDockerEngine engine, string repository, params string[] platforms)
    {
        var plan = PlanOf(repository, platforms);
        var images = new TinyImages(engine, plan);
        foreach (var image in plan.Images)
            await images.RebuildAsync(image.Tag);
        return images;
    }

    /// <summary>(Re)builds one image with new content: a new image ID under the same tag.</summary>
    public async Task<string> RebuildAsync(string tag)
    {
        var image = Plan.Find(tag)!;
        var from = image.Parent is { } parent ? ids[parent] : "scratch";
        using var context = TestTar.Of(
            ("Dockerfile", $"FROM {from}\nCOPY {image.Flavor}.txt /{image.Flavor}.txt\n"),
            ($"{image.Flavor}.txt", $"{image.Tag} {Guid.NewGuid():n}\n"));
        var id = await engine.BuildImageAsync(context, new Dictionary<string, string>(), new Dictionary<string, string>(), false, null,
            TextWriter.Null, _ => { }, CancellationToken.None, image.Platform.Id);
        await engine.TagImageAsync(id, image.Reference, CancellationToken.None);
        ids[tag] = id;
        built.Add(id);
        return id;
    }

    /// <summary>
    /// results.json as SmokeTest writes it now, naming the image each check ran on: every image's env check passed,
    /// unless <paramref name="failed"/> names it. An image rebuilt afterwards is not the one these results name.
    /// </summary>
    public SmokeResultsFile SmokeResults(params string[] failed) => new(SmokeResultsFile.CurrentSchema, "test host",
        [.. Plan.Images.Select(i => (failed.Contains(i.Tag)
            ? new SmokeResult(i.Tag, "env", SmokeStatus.Failed, "CUDA_VERSION is 0.0, not the release's", 0.1, null, "test host")
            : new SmokeResult(i.Tag, "env", SmokeStatus.Passed, null, 0.1, null, "test host")) with { ImageId = ids[i.Tag] })]);

    public async ValueTask DisposeAsync()
    {
        foreach (var image in Enumerable.Reverse(Plan.Images))
            await engine.RemoveImageAsync(image.Reference, CancellationToken.None);
        // Children before parents, so each removal leaves nothing behind.
        foreach (var id in Enumerable.Reverse(built))
        {
            try { await engine.RemoveImageAsync(id, CancellationToken.None); }
            catch (EngineRequestException) { } // still used by a tag another test process made; that process removes it
        }
    }
}
