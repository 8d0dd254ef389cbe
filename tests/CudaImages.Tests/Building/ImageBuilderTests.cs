using System.Collections.Concurrent;
using CudaImages.Building;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke.Checks;

namespace CudaImages.Tests.Building;

/// <summary>BuildImages on the real Docker Engine with a tiny matrix: two chains of base → runtime → devel.</summary>
[Collection(EngineCollection.Name)]
public sealed class ImageBuilderTests(EngineFixture fixture) : IAsyncLifetime
{
    readonly ScratchMatrix scratch = new("engine-tiny");
    readonly string repository = $"cudaimages-test-{Guid.NewGuid():n}"[..28];
    readonly List<string> references = [];

    sealed class RecordingProgress : IBuildProgress
    {
        public readonly ConcurrentDictionary<string, DateTime> Started = new();
        public readonly ConcurrentDictionary<string, DateTime> Finished = new();
        public readonly ConcurrentQueue<(string Tag, string Step)> Steps = new();
        public Action<string, string>? OnStep;

        void IBuildProgress.Started(ImageSpec image) => Started[image.Tag] = DateTime.UtcNow;
        void IBuildProgress.Step(ImageSpec image, string step)
        {
            Steps.Enqueue((image.Tag, step));
            OnStep?.Invoke(image.Tag, step);
        }
        void IBuildProgress.Finished(ImageBuildRecord record) => Finished[record.Tag] = DateTime.UtcNow;
    }

    async Task<(Dictionary<string, ImageBuildRecord> Records, RecordingProgress Progress)> Build(
        bool force = false, int parallelism = 2, CancellationToken cancellationToken = default, RecordingProgress? progress = null)
    {
        var plan = Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All, repository);
        references.AddRange(plan.Images.Select(i => i.Reference));
        progress ??= new RecordingProgress();
        var builder = new ImageBuilder(fixture.Engine, new BuildOptions(parallelism, force, null, "test", fixture.Logs, "io.cudaimages"));
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
            progress.Started[child].ShouldBeGreaterThanOrEqualTo(progress.Finished[parent]);
            var image = await fixture.Engine.InspectImageAsync($"{repository}:{child}", CancellationToken.None);
            image!.Labels["io.cudaimages.parent-id"].ShouldBe(records[parent].ImageId);
        }
        records["11.8.0-base-debian12"].ParentImageId.ShouldBe(fixture.Bases["debian:12"]);
    }

    [Fact]
    public async Task Real_engine_builds_independent_chains_at_the_same_time()
    {
        var (_, progress) = await Build(parallelism: 2);

        var a = (progress.Started["11.8.0-base-debian12"], progress.Finished["11.8.0-base-debian12"]);
        var b = (progress.Started["12.4.1-base-debian12"], progress.Finished["12.4.1-base-debian12"]);
        (a.Item1 < b.Item2 && b.Item1 < a.Item2).ShouldBeTrue($"base builds did not overlap: {a} and {b}");
    }

    [Fact]
    public async Task Real_engine_skips_every_image_whose_input_hash_matches_and_force_rebuilds_them()
    {
        var (first, _) = await Build();
        var (second, _) = await Build();
        var (forced, _) = await Build(force: true);

        second.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.Skipped);
        second.Values.ShouldAllBe(r => r.ImageId == first[r.Tag].ImageId);
        forced.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.Built);
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
        scratch.Replace("flavors.yaml", "  runtime:\n    parent: base\n", "  runtime:\n    parent: base\n    env:\n      STEP_SECONDS: \"120\"\n");
        var containersBefore = (await fixture.Engine.ListContainersAsync(CancellationToken.None)).Select(c => c.Id).ToHashSet();
        using var cancel = new CancellationTokenSource();
        var progress = new RecordingProgress();
        // Cancelled once the 11.8.0 runtime is in its long step: its base has surely finished, so resuming must skip it.
        progress.OnStep = (tag, step) => { if (tag == "11.8.0-runtime-debian12" && step.Contains("sleep")) cancel.CancelAfter(TimeSpan.FromSeconds(2)); };

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (records, _) = await Build(parallelism: 2, cancellationToken: cancel.Token, progress: progress);

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90));
        records["11.8.0-runtime-debian12"].Status.ShouldBe(ImageBuildStatus.NotRun);
        records["11.8.0-devel-debian12"].Status.ShouldBe(ImageBuildStatus.NotRun);
        (await fixture.Engine.InspectImageAsync($"{repository}:11.8.0-runtime-debian12", CancellationToken.None)).ShouldBeNull();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var left = (await fixture.Engine.ListContainersAsync(CancellationToken.None)).Where(c => !containersBefore.Contains(c.Id)).ToList();
        left.ShouldBeEmpty(string.Join(", ", left.Select(c => $"{c.Id[..12]} {c.State} {c.Command}")));

        scratch.Replace("flavors.yaml", "STEP_SECONDS: \"120\"", "STEP_SECONDS: \"1\"");
        var (resumed, _) = await Build();
        resumed["11.8.0-base-debian12"].Status.ShouldBe(ImageBuildStatus.Skipped);
        resumed["11.8.0-runtime-debian12"].Status.ShouldBe(ImageBuildStatus.Built);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var reference in references.Distinct().Reverse())
            await fixture.Engine.RemoveImageAsync(reference, CancellationToken.None);
        scratch.Dispose();
    }
}
