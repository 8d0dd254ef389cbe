using CudaImages.Bases;
using CudaImages.Docker;
using CudaImages.Model;
using CudaImages.Tests.Building;
using CudaImages.Tests.Docker;
using CudaImages.Tests.Publishing;

namespace CudaImages.Tests.Bases;

/// <summary>
/// BootstrapBase's two ways to a base image, each asked for explicitly on the real engine — not only when debian:12
/// happens to be missing. Each test names its own base image, so none of them replaces the debian:12 other tests use.
/// </summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class BaseImagesRealEngineTests(EngineFixture fixture) : IAsyncLifetime
{
    readonly DockerEngine engine = DockerEngine.Connect();
    readonly string marker = Guid.NewGuid().ToString("n")[..12];
    readonly string logs = Directory.CreateTempSubdirectory("cudaimages-bases-").FullName;
    readonly StringWriter output = new();
    readonly List<string> created = [];

    static Distro Debian12(string baseImage, Bootstrap? bootstrap) =>
        new("debian12", "Debian 12", baseImage, new PackageSource("debian", "", null, false, []), null, bootstrap, [], []);

    BaseImages Bases() => new(engine, logs, output);

    [Fact]
    public async Task Real_engine_pulls_the_base_from_a_real_registry_when_asked_to_pull()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var reference = $"{registry.Host}/cudaimages-test-base-{marker}:12";
        created.Add(reference);
        var pushed = await engine.ImportImageAsync(TestTar.Of(("etc/marker", marker)), reference, [$"LABEL cudaimages.test={marker}"], Cancel());
        await engine.PushImageAsync(reference, registry.Host, null, Cancel());
        await engine.RemoveImageAsync(reference, Cancel());
        (await engine.InspectImageAsync(reference, Cancel())).ShouldBeNull();

        // No bootstrap: a pull that did not happen cannot be covered up by a fallback.
        var ids = await Bases().EnsureAsync([Debian12(reference, bootstrap: null)], BaseSource.Pull, refresh: false, Cancel());

        ids[reference].ShouldBe(pushed);
        var pulled = (await engine.InspectImageAsync(reference, Cancel())).ShouldNotBeNull();
        pulled.Id.ShouldBe(pushed);
        pulled.Labels["cudaimages.test"].ShouldBe(marker);
        output.ToString().ShouldContain($"{reference}: pulling");
    }

    [Fact]
    public async Task Real_engine_gets_a_debian12_base_bootstrapped_with_mmdebstrap_when_asked_to_bootstrap()
    {
        var reference = $"cudaimages-test-bootstrap-{marker}:bookworm";
        created.Add(reference);
        var bootstrap = new Bootstrap("bookworm", "minbase", ["main"], null, 1747699200);

        var ids = await Bases().EnsureAsync([Debian12(reference, bootstrap)], BaseSource.Bootstrap, refresh: false, Cancel());

        var image = (await engine.InspectImageAsync(reference, Cancel())).ShouldNotBeNull();
        image.Id.ShouldBe(ids[reference]);
        var run = await engine.RunContainerAsync(new ContainerRunRequest(reference, ["cat", "/etc/debian_version"]), Cancel());
        run.ExitCode.ShouldBe(0);
        run.Output.ShouldStartWith("12.");
        output.ToString().ShouldContain($"{reference}: bootstrapping bookworm (minbase) with mmdebstrap");
        output.ToString().ShouldNotContain("pulling");
        (await engine.InspectImageAsync("debian:12", Cancel())).ShouldNotBeNull().Id.ShouldBe(fixture.Bases["debian:12"]);
    }

    // mmdebstrap downloads and unpacks a whole minbase system: minutes on a slow mirror, never the guard's ten.
    static CancellationToken Cancel() => new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var reference in created)
            await engine.RemoveImageAsync(reference, CancellationToken.None);
        engine.Dispose();
        Directory.Delete(logs, recursive: true);
    }
}
