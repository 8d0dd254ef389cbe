using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

/// <summary>
/// Against the real Docker Engine at DOCKER_HOST (or the local socket), with debian:12 present (the engine fixture
/// bootstraps it on a fresh machine). Without an engine these fail with the engine's message: CI starts dockerd,
/// and a silent pass would hide a broken engine client.
/// </summary>
[Collection(Building.OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class DockerEngineTests(Building.EngineFixture fixture) : IDisposable
{
    // The fixture has put debian:12 in the engine before the first test.
    readonly string debian12 = fixture.Bases["debian:12"];

    static readonly Dictionary<string, string> NoBuildArgs = [];

    readonly DockerEngine engine = DockerEngine.Connect();
    readonly string marker = Guid.NewGuid().ToString("N");
    readonly List<string> createdImages = [];

    string UniqueTag(string tag = "test") => $"cudaimages-test/{marker}:{tag}";

    [Fact]
    public async Task Real_engine_reports_version_api_storage_driver_root_directory_and_runtimes()
    {
        var info = await engine.InfoAsync(Cancel());

        info.Version.ShouldNotBeNullOrWhiteSpace();
        Version.Parse(info.ApiVersion).ShouldBeGreaterThanOrEqualTo(new Version(1, 40));
        engine.ApiVersion.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(Version.Parse(info.ApiVersion));
        info.StorageDriver.ShouldNotBeNullOrWhiteSpace();
        info.RootDirectory.ShouldStartWith("/");
        info.Runtimes.ShouldContain("runc");
        if (engine.Endpoint.StartsWith("unix://"))
            info.FreeBytes.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Real_engine_answers_null_for_an_image_it_does_not_have() =>
        (await engine.InspectImageAsync(UniqueTag("missing"), Cancel())).ShouldBeNull();

    [Fact]
    public async Task Real_engine_builds_an_untagged_image_and_reports_each_step()
    {
        var steps = new List<string>();
        var log = new StringWriter();

        var id = await Build(TestTar.Context("FROM debian:12", "RUN echo hi > /hi"), log, steps.Add,
            labels: new() { ["org.opencontainers.image.title"] = marker });

        id.ShouldStartWith("sha256:");
        steps.ShouldNotBeEmpty();
        steps[0].ShouldMatch(@"^Step 1/\d+ : FROM debian:12$");
        steps.ShouldContain(step => step.EndsWith(" : RUN echo hi > /hi"));
        log.ToString().ShouldContain(steps[0]);
        var image = (await engine.InspectImageAsync(id, Cancel())).ShouldNotBeNull();
        image.Tags.ShouldBeEmpty();
        image.Labels["org.opencontainers.image.title"].ShouldBe(marker);
    }

    [Fact]
    public async Task Real_engine_passes_build_args_to_the_build()
    {
        var id = await Build(TestTar.Context("FROM debian:12", "ARG GREETING", "RUN test \"$GREETING\" = hello"),
            buildArgs: new() { ["GREETING"] = "hello" });

        (await engine.InspectImageAsync(id, Cancel())).ShouldNotBeNull();
    }

    [Fact]
    public async Task Real_engine_build_failure_names_the_failing_step_and_leaves_no_container()
    {
        var failure = await Should.ThrowAsync<ImageBuildException>(() =>
            Build(TestTar.Context("FROM debian:12", $"RUN echo {marker} && false")));

        failure.Step.ShouldBe($"Step 2/2 : RUN echo {marker} && false");
        failure.Message.ShouldContain("non-zero code: 1");
        failure.LastLines.ShouldContain(marker);
        (await ContainersOfThisTest()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Real_engine_cancelled_build_returns_promptly_and_leaves_no_container()
    {
        using var cancel = new CancellationTokenSource();
        var build = Build(TestTar.Context("FROM debian:12", $"RUN echo {marker} && sleep 600"), cancellationToken: cancel.Token);
        await Wait.Until(async () => (await ContainersOfThisTest()).Count > 0, "the build's RUN container to start");

        await cancel.CancelAsync();

        // The step sleeps past the hang guard: a cancellation that waits for it ends in a TimeoutException instead.
        await Should.ThrowAsync<OperationCanceledException>(() => build.WaitAsync(Wait.HangGuard));
        await Wait.Until(async () => (await ContainersOfThisTest()).Count == 0, "the engine to remove the cancelled build's container");
        (await engine.InspectImageAsync(UniqueTag(), Cancel())).ShouldBeNull();
    }

    [Fact]
    public async Task Real_engine_tags_a_registry_reference_with_a_port_inspects_it_and_removes_only_the_tag()
    {
        var debian = (await engine.InspectImageAsync("debian:12", Cancel())).ShouldNotBeNull();
        debian.Id.ShouldBe(debian12);
        var reference = $"localhost:5000/cudaimages-test-{marker}:12.4.1-base";

        await engine.TagImageAsync(debian.Id, reference, Cancel());
        var tagged = await engine.InspectImageAsync(reference, Cancel());
        await engine.RemoveImageAsync(reference, Cancel());

        tagged.ShouldNotBeNull().Id.ShouldBe(debian.Id);
        tagged.Tags.ShouldContain(reference);
        (await engine.InspectImageAsync(reference, Cancel())).ShouldBeNull();
        (await engine.InspectImageAsync("debian:12", Cancel())).ShouldNotBeNull();
    }

    [Fact]
    public async Task Real_engine_removing_a_missing_image_is_not_an_error() =>
        await engine.RemoveImageAsync(UniqueTag("never-built"), Cancel());

    [Fact]
    public async Task Real_engine_imports_a_root_filesystem_tar_with_dockerfile_changes()
    {
        var reference = UniqueTag("imported");
        createdImages.Add(reference);

        var id = await engine.ImportImageAsync(TestTar.Of(("hello.txt", "hello\n")), reference,
            ["CMD [\"bash\"]", "ENV PATH=/usr/local/bin:/usr/bin:/bin", $"LABEL cudaimages.test={marker}"], Cancel());

        id.ShouldStartWith("sha256:");
        var image = (await engine.InspectImageAsync(reference, Cancel())).ShouldNotBeNull();
        image.Id.ShouldBe(id);
        image.Labels["cudaimages.test"].ShouldBe(marker);
    }

    [Fact]
    public async Task Real_engine_pull_from_an_unreachable_registry_answers_false() =>
        (await engine.TryPullImageAsync($"127.0.0.1:1/cudaimages-test-{marker}:missing", Cancel())).ShouldBeFalse();

    [Fact]
    public async Task No_engine_at_the_endpoint_is_one_sentence_naming_it_and_how_to_start_one()
    {
        var endpoint = $"unix:///tmp/nothing-{marker}.sock";
        using var nowhere = DockerEngine.Connect(new Dictionary<string, string?> { ["DOCKER_HOST"] = endpoint });

        var failure = await Should.ThrowAsync<EngineUnavailableException>(() => nowhere.InfoAsync(Cancel()));

        failure.Message.ShouldBe(
            $"no Docker Engine at {endpoint} — start dockerd (or `sudo systemctl start docker`) or set DOCKER_HOST");
    }

    async Task<string> Build(Stream context, TextWriter? log = null, Action<string>? step = null,
        Dictionary<string, string>? labels = null, Dictionary<string, string>? buildArgs = null,
        CancellationToken? cancellationToken = null)
    {
        var id = await engine.BuildImageAsync(context, buildArgs ?? NoBuildArgs, labels ?? [], noCache: true, network: null,
            log ?? TextWriter.Null, step ?? (_ => { }), cancellationToken ?? Cancel());
        createdImages.Add(id);
        return id;
    }

    async Task<List<ContainerSummary>> ContainersOfThisTest() =>
        [.. (await engine.ListContainersAsync(Cancel())).Where(container => container.Command.Contains(marker))];

    static CancellationToken Cancel() => new CancellationTokenSource(Wait.HangGuard).Token;

    public void Dispose()
    {
        foreach (var image in createdImages)
            engine.RemoveImageAsync(image, Cancel()).GetAwaiter().GetResult();
        engine.Dispose();
    }
}
