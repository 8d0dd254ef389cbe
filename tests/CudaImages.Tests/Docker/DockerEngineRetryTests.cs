using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

/// <summary>Against <see cref="FakeEngine"/>: how the client negotiates, retries, and refuses to retry.</summary>
public class DockerEngineRetryTests
{
    const string Info = """{"ServerVersion":"20.10.24","Driver":"overlay2","DockerRootDir":"/nonexistent/docker","Runtimes":{"runc":{"path":"runc"},"nvidia":{"path":"nvidia-container-runtime"}}}""";

    static DockerEngine Connect(FakeEngine fake) =>
        DockerEngine.Connect(new Dictionary<string, string?> { ["DOCKER_HOST"] = fake.Endpoint });

    static CancellationToken Cancel() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task Fake_engine_is_asked_its_version_first_and_then_spoken_to_in_it()
    {
        using var fake = new FakeEngine(request => request == "GET /version" ? FakeEngine.Version("1.41") : (200, Info));
        using var engine = Connect(fake);

        var info = await engine.InfoAsync(Cancel());

        fake.Requests.ShouldBe(["GET /version", "GET /v1.41/info"]);
        info.ApiVersion.ShouldBe("1.41");
        info.Runtimes.ShouldBe(["nvidia", "runc"]);
        info.FreeBytes.ShouldBeNull();
    }

    [Fact]
    public async Task Fake_engine_info_names_the_program_behind_each_runtime()
    {
        const string standIn = """{"ServerVersion":"20.10.24","Driver":"overlay2","DockerRootDir":"/nonexistent/docker","Runtimes":{"runc":{"path":"runc"},"nvidia":{"path":"runc"},"io.containerd.runc.v2":{"path":"/usr/bin/runc"}}}""";
        using var fake = new FakeEngine(request => request == "GET /version" ? FakeEngine.Version("1.41") : (200, standIn));
        using var engine = Connect(fake);

        var info = await engine.InfoAsync(Cancel());

        info.RuntimePrograms.ShouldBe(new Dictionary<string, string> { ["runc"] = "runc", ["nvidia"] = "runc", ["io.containerd.runc.v2"] = "/usr/bin/runc" }, ignoreOrder: true);
    }

    [Fact]
    public async Task Fake_engine_newer_than_the_library_is_spoken_to_in_the_librarys_newest_version()
    {
        using var fake = new FakeEngine(request => request == "GET /version" ? FakeEngine.Version("1.60") : (200, Info));
        using var engine = Connect(fake);

        await engine.InfoAsync(Cancel());

        fake.Requests.ShouldContain($"GET /v{EngineApiVersion.Newest}/info");
    }

    [Fact]
    public async Task Fake_engine_answering_503_once_on_info_is_asked_again()
    {
        var infoCalls = 0;
        using var fake = new FakeEngine(request => request switch
        {
            "GET /version" => FakeEngine.Version("1.41"),
            _ when Interlocked.Increment(ref infoCalls) == 1 => (503, """{"message":"engine is restarting"}"""),
            _ => (200, Info),
        });
        using var engine = Connect(fake);

        (await engine.InfoAsync(Cancel())).StorageDriver.ShouldBe("overlay2");
        infoCalls.ShouldBe(2);
    }

    [Fact]
    public async Task Fake_engine_failing_a_build_with_500_is_not_asked_to_build_again()
    {
        using var fake = new FakeEngine(request => request == "GET /version"
            ? FakeEngine.Version("1.41")
            : (500, """{"message":"failed to read dockerfile"}"""));
        using var engine = Connect(fake);

        var failure = await Should.ThrowAsync<ImageBuildException>(() => engine.BuildImageAsync(TestTar.Context("FROM debian:12"),
            new Dictionary<string, string>(), new Dictionary<string, string>(), false, null, TextWriter.Null, _ => { }, Cancel()));

        failure.Message.ShouldBe("failed to read dockerfile");
        fake.Requests.Count(request => request.EndsWith("/build")).ShouldBe(1);
    }

    [Fact]
    public async Task Fake_engine_refusing_a_pull_as_unauthorized_is_an_error_not_offline()
    {
        using var fake = new FakeEngine(request => request == "GET /version"
            ? FakeEngine.Version("1.41")
            : (401, """{"message":"unauthorized: authentication required"}"""));
        using var engine = Connect(fake);

        (await Should.ThrowAsync<EngineRequestException>(() => engine.TryPullImageAsync("ghcr.io/private/cuda:12.4.1-base", Cancel())))
            .Message.ShouldBe("pulling ghcr.io/private/cuda:12.4.1-base failed: unauthorized: authentication required");
    }
}
