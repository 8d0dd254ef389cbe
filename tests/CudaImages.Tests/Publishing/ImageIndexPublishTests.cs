using System.Diagnostics;
using System.Text.Json;
using CudaImages.Model;
using CudaImages.Publishing;
using CudaImages.Smoke;
using CudaImages.Tests.Building;
using Xunit.Abstractions;

namespace CudaImages.Tests.Publishing;

/// <summary>
/// Publish of images built for linux/amd64 and linux/arm64, on the real engine and the real registry (docker-registry), the
/// index read back by an independent client: skopeo. The arm64 images are FROM scratch with COPY only, so no emulation is needed.
/// </summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class ImageIndexPublishTests(EngineFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    readonly string path = "cudaimages-test/" + Guid.NewGuid().ToString("n")[..8] + "/cuda";
    readonly StringWriter log = new();
    LocalRegistry registry = null!;
    TinyImages images = null!;

    public async Task InitializeAsync()
    {
        images = await TinyImages.BuildAsync(fixture.Engine, TinyImages.NewRepository(), "linux/amd64", "linux/arm64");
        registry = await LocalRegistry.StartAsync();
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(log.ToString());
        await registry.DisposeAsync();
        await images.DisposeAsync();
    }

    RegistryRepository Target => RegistryRepository.Parse($"{registry.Host}/{path}");

    async Task<IReadOnlyList<PublishOutcome>> PublishAsync(params string[] failed)
    {
        using var client = new RegistryClient(Target, null);
        var gate = new SmokeGate(images.SmokeResults(failed).Results, new Dictionary<string, IReadOnlyList<string>>());
        return await new Publisher(fixture.Engine, fixture.Pusher, client, null, gate, log).PublishAsync(images.Plan.Images, false, CancellationToken.None);
    }

    /// <summary>skopeo's raw view of a tag: what any client pulling it gets.</summary>
    async Task<JsonElement> SkopeoAsync(string tag)
    {
        var start = new ProcessStartInfo("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{Target.Reference(tag)}"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("skopeo is not installed: apt-get install skopeo");
        }
        using var _ = process;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, stderr);
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }

    static IEnumerable<(string Architecture, string Digest)> Platforms(JsonElement index) =>
        index.GetProperty("manifests").EnumerateArray().Select(m => (m.GetProperty("platform").GetProperty("architecture").GetString()!, m.GetProperty("digest").GetString()!));

    [Fact]
    public async Task Real_registry_gets_an_oci_index_of_both_platforms_that_skopeo_reads_back()
    {
        var outcomes = await PublishAsync();

        var index = await SkopeoAsync("11.8.0-base-debian12");
        index.GetProperty("mediaType").GetString().ShouldBe(Manifest.OciIndex);
        var pushed = outcomes.Where(o => o.Image.PublishedTag == "11.8.0-base-debian12").ToList();
        Platforms(index).OrderBy(p => p.Architecture).ShouldBe(pushed.Select(o => (o.Image.Platform.Architecture, o.Manifest!.Digest)).OrderBy(p => p.Item1));
        pushed.Select(o => o.Image.Platform).ShouldBe([Platform.Amd64, Platform.Arm64], ignoreOrder: true);
    }

    [Fact]
    public async Task Each_platform_image_in_the_index_has_its_own_platform_in_its_config()
    {
        await PublishAsync();

        var index = await SkopeoAsync("11.8.0-runtime-debian12");
        foreach (var (architecture, digest) in Platforms(index))
        {
            using var client = new RegistryClient(Target, null);
            (await client.GetManifestDigestAsync("11.8.0-runtime-debian12-" + architecture, CancellationToken.None)).ShouldBe(digest);
            var config = await ConfigArchitectureAsync("11.8.0-runtime-debian12-" + architecture);
            config.ShouldBe(architecture);
        }
    }

    async Task<string> ConfigArchitectureAsync(string tag)
    {
        var start = new ProcessStartInfo("skopeo", ["inspect", "--config", "--tls-verify=false", $"docker://{Target.Reference(tag)}"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return JsonDocument.Parse(text).RootElement.GetProperty("architecture").GetString()!;
    }

    [Fact]
    public async Task Aliases_name_the_index_and_move_only_once_every_platform_is_in()
    {
        var outcomes = await PublishAsync();

        using var client = new RegistryClient(Target, null);
        var indexDigest = (await client.GetManifestDigestAsync("12.4.1-devel-debian12", CancellationToken.None)).ShouldNotBeNull();
        (await client.GetManifestDigestAsync("12.4-devel-debian12", CancellationToken.None)).ShouldBe(indexDigest);
        (await client.GetManifestDigestAsync("12-devel-debian12", CancellationToken.None)).ShouldBe(indexDigest);
        outcomes.Where(o => o.Image.PublishedTag == "12.4.1-devel-debian12").ShouldAllBe(o => o.Index!.Digest == indexDigest);
    }

    [Fact]
    public async Task Second_run_puts_nothing_and_finds_every_index_in_place()
    {
        await PublishAsync();

        var second = await PublishAsync();

        second.ShouldAllBe(o => o.Action == PublishAction.AlreadyPublished && o.Index!.Action == PublishAction.AlreadyPublished && o.Aliases.All(a => !a.Moves));
    }

    [Fact]
    public async Task A_run_for_amd64_alone_refuses_before_pushing_anything_to_put_a_plain_manifest_over_a_two_platform_index()
    {
        await PublishAsync();
        using var client = new RegistryClient(Target, null);
        var tags = images.Plan.Images.Select(i => i.PublishedTag).Distinct().ToList();
        var before = new Dictionary<string, string?>();
        foreach (var tag in tags) before[tag] = await client.GetManifestDigestAsync(tag, CancellationToken.None);
        var amd64Alone = TinyImages.PlanOf(images.Plan.Repository, "linux/amd64");
        var gate = new SmokeGate(images.SmokeResults().Results, new Dictionary<string, IReadOnlyList<string>>());

        var error = await Should.ThrowAsync<InputException>(() =>
            new Publisher(fixture.Engine, fixture.Pusher, client, null, gate, log).PublishAsync(amd64Alone.Images, false, CancellationToken.None));

        error.Message.ShouldBe($"{Target.Reference("11.8.0-base-debian12")} is published for linux/amd64 and linux/arm64; this run builds it for " +
            "linux/amd64 only, and publishing would take linux/arm64 away from its users: run with --platform linux/amd64,linux/arm64");
        foreach (var tag in tags) (await client.GetManifestDigestAsync(tag, CancellationToken.None)).ShouldBe(before[tag], tag);
    }

    [Fact]
    public async Task An_image_whose_arm64_platform_failed_its_smoke_checks_gets_no_tag_and_no_alias()
    {
        var outcomes = await PublishAsync("11.8.0-base-debian12-arm64");

        using var client = new RegistryClient(Target, null);
        (await client.GetManifestDigestAsync("11.8.0-base-debian12", CancellationToken.None)).ShouldBeNull();
        (await client.GetManifestDigestAsync("11.8-base-debian12", CancellationToken.None)).ShouldBeNull();
        (await client.GetManifestDigestAsync("11.8.0-base-debian12-amd64", CancellationToken.None)).ShouldBeNull("no platform is pushed before every platform passed");
        outcomes.Where(o => o.Image.PublishedTag == "11.8.0-base-debian12").ShouldAllBe(o => o.Action == PublishAction.Skipped && o.Reason!.Contains("linux/arm64"));
    }
}
