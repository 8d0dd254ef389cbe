using System.Collections.Concurrent;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Building;

/// <summary>BuildImages on the real Docker Engine with a tiny matrix: two chains of base → runtime → devel.</summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class ImageBuilderTests(EngineFixture fixture) : IAsyncLifetime
{
    readonly ScratchMatrix scratch = new("engine-tiny");
    readonly string repository = $"cudaimages-test-{Guid.NewGuid():n}"[..28];
    readonly List<string> references = [];
    readonly string marker = Guid.NewGuid().ToString("n");

    /// <summary>The order of events: "started TAG" and "finished TAG", as the builder reports them.</summary>
    sealed class RecordingProgress : IBuildProgress
    {
        public readonly ConcurrentQueue<string> Events = new();

        void IBuildProgress.Started(ImageSpec image) => Events.Enqueue($"started {image.Tag}");
        void IBuildProgress.Step(ImageSpec image, string step) { }
        void IBuildProgress.Finished(ImageBuildRecord record) => Events.Enqueue($"finished {record.Tag}");

        public int IndexOf(string @event) => Events.ToList().IndexOf(@event);
    }

    async Task<(Dictionary<string, ImageBuildRecord> Records, RecordingProgress Progress)> Build(
        bool force = false, int parallelism = 2, CancellationToken cancellationToken = default, IDockerEngine? engine = null)
    {
        var plan = Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All, repository);
        references.AddRange(plan.Images.Select(i => i.Reference));
        var progress = new RecordingProgress();
        var builder = new ImageBuilder(engine ?? fixture.Engine, new BuildOptions(parallelism, force, null, "test", fixture.Logs, "io.cudaimages"));
        var records = await builder.BuildAsync(plan, fixture.Bases, progress, cancellationToken);
        return (records.ToDictionary(r => r.Tag), progress);
    }

    [Fact]
    public async Task Real_engine_builds_parents_first_and_each_child_from_its_parents_exact_image_id()
    {
        var (records, progress) = await Build();

        records.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.Built);
        foreach (var (child, parent) in new[] { ("11.8.0-runtime-debian12", "11.8.0-base-debian12"), ("11.8.0-devel-debian12", "11.8.0-runtime-debian12") })
        {
            records[child].ParentImageId.ShouldBe(records[parent].ImageId);
            progress.IndexOf($"started {child}").ShouldBeGreaterThan(progress.IndexOf($"finished {parent}"));
            var image = await fixture.Engine.InspectImageAsync($"{repository}:{child}", CancellationToken.None);
            image!.Labels["io.cudaimages.parent-id"].ShouldBe(records[parent].ImageId);
        }
        records["11.8.0-base-debian12"].ParentImageId.ShouldBe(fixture.Bases["debian:12"]);
    }

    [Fact]
    public async Task Real_engine_builds_independent_chains_at_the_same_time()
    {
        var gate = new OverlapGate(fixture.Engine, expected: 2);

        var (records, _) = await Build(parallelism: 2, engine: gate);

        gate.Overlapped.ShouldBeTrue("the two base images were never built at the same time");
        records.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.Built);
    }

    [Fact]
    public async Task Real_engine_skips_every_image_whose_input_hash_matches_and_force_rebuilds_them_without_the_layer_cache()
    {
        var (first, _) = await Build();
        var (second, _) = await Build();
        var (forced, _) = await Build(force: true);

        // A first build that failed (its records say why) would make the second one build rather than skip.
        first.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.Built);
        second.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.Skipped);
        second.Values.ShouldAllBe(r => r.ImageId == first[r.Tag].ImageId);
        forced.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.Built);
        forced.Values.ShouldAllBe(r => r.ImageId != first[r.Tag].ImageId);
    }

    [Fact]
    public async Task Real_engine_failure_leaves_descendants_not_run_while_independent_images_are_built()
    {
        scratch.Write("templates/tiny.Dockerfile.liquid", File.ReadAllText(scratch.PathOf("templates/tiny.Dockerfile.liquid")) +
            "{% if image.flavor == 'runtime' and cuda.version == '12.4.1' %}\nRUN echo about to fail && exit 3\n{% endif %}\n");

        var (records, _) = await Build();

        records["12.4.1-runtime-debian12"].Status.ShouldBe(ImageBuildStatus.Failed);
        records["12.4.1-runtime-debian12"].FailedStep!.ShouldContain("exit 3");
        records["12.4.1-runtime-debian12"].LastLines!.ShouldContain(l => l.Contains("about to fail"));
        records["12.4.1-devel-debian12"].Status.ShouldBe(ImageBuildStatus.NotRun);
        records["12.4.1-devel-debian12"].Note.ShouldBe("parent 12.4.1-runtime-debian12 failed");
        records["12.4.1-base-debian12"].Status.ShouldBe(ImageBuildStatus.Built);
        records.Values.Where(r => r.Tag.StartsWith("11.8.0")).ShouldAllBe(r => r.Status == ImageBuildStatus.Built);
        (await fixture.Engine.InspectImageAsync($"{repository}:12.4.1-runtime-debian12", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Real_engine_cancel_leaves_no_container_and_no_tag_and_the_next_run_resumes()
    {
        // The runtime's step outlasts the hang guard; the label finds this test's build containers on a shared engine.
        scratch.Replace("flavors.yaml", "  runtime:\n    parent: base\n", "  runtime:\n    parent: base\n    env:\n      STEP_SECONDS: \"600\"\n")
            .Replace("templates/tiny.Dockerfile.liquid", "FROM ${PARENT_IMAGE}\n", $"FROM ${{PARENT_IMAGE}}\nLABEL cudaimages.test-run=\"{marker}\"\n");
        using var cancel = new CancellationTokenSource();
        var build = Build(parallelism: 2, cancellationToken: cancel.Token);
        // Cancelled once the 11.8.0 runtime is in its long step: its base has surely finished, so resuming must skip it.
        await Wait.Until(async () => build.IsCompleted
                || (await ContainersOfThisTest()).Any(c => c.State == "running" && c.Command.Contains("11.8.0-runtime-debian12")),
            "the 11.8.0 runtime's long step to run");
        // A build that ended before its long step (a base that failed) says why, rather than a timeout.
        if (build.IsCompleted)
            (await build).Records.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.NotRun, "the build ended before it was cancelled");

        await cancel.CancelAsync();
        var (records, _) = await build.WaitAsync(Wait.HangGuard);

        records["11.8.0-runtime-debian12"].Status.ShouldBe(ImageBuildStatus.NotRun);
        records["11.8.0-devel-debian12"].Status.ShouldBe(ImageBuildStatus.NotRun);
        (await fixture.Engine.InspectImageAsync($"{repository}:11.8.0-runtime-debian12", CancellationToken.None)).ShouldBeNull();
        await Wait.Until(async () => (await ContainersOfThisTest()).Count == 0, "the engine to remove the cancelled build's containers");

        scratch.Replace("flavors.yaml", "STEP_SECONDS: \"600\"", "STEP_SECONDS: \"1\"");
        var (resumed, _) = await Build();
        resumed["11.8.0-base-debian12"].Status.ShouldBe(ImageBuildStatus.Skipped);
        resumed["11.8.0-runtime-debian12"].Status.ShouldBe(ImageBuildStatus.Built);
    }

    async Task<List<ContainerSummary>> ContainersOfThisTest() =>
        [.. (await fixture.Engine.ListContainersAsync(CancellationToken.None)).Where(c => c.Labels.GetValueOrDefault("cudaimages.test-run") == marker)];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var reference in references.Distinct().Reverse())
            await fixture.Engine.RemoveImageAsync(reference, CancellationToken.None);
        scratch.Dispose();
    }
}
