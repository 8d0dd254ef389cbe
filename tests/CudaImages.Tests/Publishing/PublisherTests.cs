using System.Text.Json;
using CudaImages.Docker;
using CudaImages.Model;
using CudaImages.Publishing;
using CudaImages.Smoke;
using CudaImages.Tests.Building;
using Xunit.Abstractions;

namespace CudaImages.Tests.Publishing;

/// <summary>
/// Publish on the real Docker Engine and the real registry (docker-registry), with our fault proxy between both of them
/// and the registry: it counts every request, and injects 503s and dropped connections where a test asks.
/// </summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class PublisherTests(EngineFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    static readonly RegistryRetry Fast = new(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(20));

    readonly string path = "cudaimages-test/" + Guid.NewGuid().ToString("n")[..8] + "/cuda";
    readonly StringWriter log = new();
    readonly List<IAsyncDisposable> parts = [];
    LocalRegistry registry = null!;
    FaultProxy proxy = null!;
    TinyImages images = null!;

    public async Task InitializeAsync()
    {
        images = Keep(await TinyImages.BuildAsync(fixture.Engine, TinyImages.NewRepository()));
        registry = Keep(await LocalRegistry.StartAsync());
        proxy = Keep(await FaultProxy.StartAsync(registry.Url));
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(log.ToString());
        output.WriteLine(string.Join("\n", proxy.Faults.Select(f => $"fault {f.Fault} on {f.Request.Number}: {f.Request}")));
        foreach (var part in Enumerable.Reverse(parts)) await part.DisposeAsync();
    }

    T Keep<T>(T part) where T : IAsyncDisposable
    {
        parts.Add(part);
        return part;
    }

    RegistryRepository Target(string host) => RegistryRepository.Parse($"{host}/{path}");

    /// <summary>Publishes on <paramref name="smoke"/>, or on a smoke run of the images as they are now.</summary>
    async Task<IReadOnlyList<PublishOutcome>> PublishAsync(bool dryRun = false, string[]? failed = null, string? host = null,
        RegistryCredential? credential = null, SmokeResultsFile? smoke = null)
    {
        using var client = new RegistryClient(Target(host ?? proxy.Host), credential, Fast, log.WriteLine);
        var gate = new SmokeGate((smoke ?? images.SmokeResults(failed ?? [])).Results, new Dictionary<string, IReadOnlyList<string>>());
        var publisher = new Publisher(fixture.Engine, fixture.Pusher, client, credential, gate, log, Fast);
        return await publisher.PublishAsync(images.Plan.Images, dryRun, CancellationToken.None);
    }

    /// <summary>What the registry itself says, asked directly (not through the proxy).</summary>
    RegistryClient Direct() => new(Target(registry.Host), null, Fast);

    List<ProxyRequest> Writes() => [.. proxy.Requests.Where(r => r.Writes)];

    [Fact]
    public async Task Real_registry_gets_every_fixed_tag_then_its_aliases_each_verified()
    {
        var outcomes = await PublishAsync();

        outcomes.ShouldAllBe(o => o.Action == PublishAction.Pushed);
        using var direct = Direct();
        var requests = proxy.Requests.Select(r => r.ToString()).ToList();
        foreach (var outcome in outcomes)
        {
            var tag = outcome.Image.Tag;
            var manifest = (await direct.GetManifestAsync(tag, CancellationToken.None))!;
            manifest.Digest.ShouldBe(outcome.Manifest!.Digest);
            manifest.ConfigDigest.ShouldBe(images.Ids[tag]);
            manifest.CompressedBytes.ShouldBeGreaterThan(0);
            var fixedPut = requests.IndexOf($"PUT /v2/{path}/manifests/{tag}");
            fixedPut.ShouldBeGreaterThanOrEqualTo(0, $"the engine never put {tag}");
            foreach (var alias in outcome.Image.Aliases)
            {
                (await direct.GetManifestDigestAsync(alias, CancellationToken.None)).ShouldBe(manifest.Digest, alias);
                requests.IndexOf($"PUT /v2/{path}/manifests/{alias}").ShouldBeGreaterThan(fixedPut, $"{alias} was put before {tag}");
            }
            (await fixture.Engine.InspectImageAsync(outcome.RegistryReference, CancellationToken.None)).ShouldBeNull("the name added for the push stays behind");
        }
        outcomes.Single(o => o.Image.Tag == "12.4.1-devel-debian12").Aliases.Select(a => a.Alias).ShouldBe(["12.4-devel-debian12", "12-devel-debian12"]);
    }

    [Fact]
    public async Task Second_run_pushes_nothing_and_says_so()
    {
        await PublishAsync();
        var firstRun = proxy.Requests.Count;

        var second = await PublishAsync();

        second.ShouldAllBe(o => o.Action == PublishAction.AlreadyPublished && o.Aliases.All(a => !a.Moves));
        proxy.Requests.Skip(firstRun).Where(r => r.Writes).ShouldBeEmpty();
        log.ToString().ShouldContain("11.8.0-base-debian12: already published as sha256:");
        log.ToString().ShouldContain("; nothing pushed");
    }

    [Fact]
    public async Task Dry_run_names_what_would_be_pushed_and_which_aliases_would_move_and_changes_nothing()
    {
        var before = await PublishAsync(dryRun: true);

        before.ShouldAllBe(o => o.Action == PublishAction.WouldPush && o.Aliases.All(a => a.OldDigest == null && a.Moves));
        Writes().ShouldBeEmpty();
        Directory.Exists(Path.Combine(registry.Storage, "docker", "registry", "v2", "repositories")).ShouldBeFalse();
        log.ToString().ShouldContain($"11.8.0-base-debian12: would push {Target(proxy.Host).Reference("11.8.0-base-debian12")}");

        var published = await PublishAsync();
        await images.RebuildAsync("12.4.1-base-debian12");
        var writesBefore = Writes().Count;
        var after = await PublishAsync(dryRun: true);

        Writes().Count.ShouldBe(writesBefore);
        var rebuilt = after.Single(o => o.Image.Tag == "12.4.1-base-debian12");
        rebuilt.Action.ShouldBe(PublishAction.WouldPush);
        var oldDigest = published.Single(o => o.Image.Tag == "12.4.1-base-debian12").Manifest!.Digest;
        rebuilt.Aliases.ShouldBe([new AliasMove("12.4-base-debian12", oldDigest, null), new AliasMove("12-base-debian12", oldDigest, null)]);
        log.ToString().ShouldContain($"would move 12.4-base-debian12: {oldDigest} → (the digest of the push)");
        using var direct = Direct();
        (await direct.GetManifestDigestAsync("12.4-base-debian12", CancellationToken.None)).ShouldBe(oldDigest);
    }

    /// <summary>results.json written by the real writer and read back by the real reader, as SmokeTest hands it to Publish.</summary>
    SmokeResultsFile ThroughResultsFile(SmokeResultsFile results)
    {
        var path = Path.Combine(Path.GetTempPath(), "cudaimages-tests", "publisher-smoke-" + Guid.NewGuid().ToString("n"), SmokeResultsFile.RelativePath);
        try
        {
            results.Write(path);
            return SmokeResultsFile.Read(path);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);
        }
    }

    [Fact]
    public async Task Real_registry_refuses_an_image_rebuilt_after_its_smoke_run_and_leaves_its_tag_and_aliases_alone()
    {
        var smoke = ThroughResultsFile(images.SmokeResults());
        var first = await PublishAsync(smoke: smoke);
        var oldId = images.Ids["12.4.1-devel-debian12"];
        var newId = await images.RebuildAsync("12.4.1-devel-debian12");

        var second = await PublishAsync(smoke: smoke);

        var refused = second.Single(o => o.Image.Tag == "12.4.1-devel-debian12");
        refused.Action.ShouldBe(PublishAction.Skipped);
        refused.Reason.ShouldBe($"the smoke results are for image {Digests.Short(oldId)}, the engine now has {Digests.Short(newId)} under this tag; run SmokeTest again");
        second.Where(o => o != refused).ShouldAllBe(o => o.Action == PublishAction.AlreadyPublished);
        var oldDigest = first.Single(o => o.Image.Tag == "12.4.1-devel-debian12").Manifest!.Digest;
        using var direct = Direct();
        foreach (var name in new[] { "12.4.1-devel-debian12", "12.4-devel-debian12", "12-devel-debian12" })
            (await direct.GetManifestDigestAsync(name, CancellationToken.None)).ShouldBe(oldDigest, name);
    }

    [Fact]
    public async Task Real_registry_refuses_images_whose_smoke_results_name_no_image_id()
    {
        var old = images.SmokeResults();
        var smoke = ThroughResultsFile(old with { Results = [.. old.Results.Select(r => r with { ImageId = null })] });

        var outcomes = await PublishAsync(smoke: smoke);

        outcomes.ShouldAllBe(o => o.Action == PublishAction.Skipped && o.Reason!.EndsWith("(no image ID), so they may be for an older build under this tag; run SmokeTest again"));
        Writes().ShouldBeEmpty();
    }

    [Fact]
    public async Task Rebuilt_image_smoke_tested_again_is_pushed_and_its_aliases_move_to_the_new_digest()
    {
        var first = await PublishAsync();
        var newId = await images.RebuildAsync("12.4.1-devel-debian12");

        var second = await PublishAsync(smoke: ThroughResultsFile(images.SmokeResults()));

        var moved = second.Single(o => o.Image.Tag == "12.4.1-devel-debian12");
        moved.Action.ShouldBe(PublishAction.Pushed);
        moved.ImageId.ShouldBe(newId);
        var oldDigest = first.Single(o => o.Image.Tag == "12.4.1-devel-debian12").Manifest!.Digest;
        moved.Aliases.ShouldAllBe(a => a.OldDigest == oldDigest && a.NewDigest == moved.Manifest!.Digest);
        second.Where(o => o != moved).ShouldAllBe(o => o.Action == PublishAction.AlreadyPublished);
        using var direct = Direct();
        (await direct.GetManifestDigestAsync("12-devel-debian12", CancellationToken.None)).ShouldBe(moved.Manifest!.Digest);
    }

    [Fact]
    public async Task Image_whose_smoke_check_failed_is_not_published_and_none_of_its_aliases_appear()
    {
        var outcomes = await PublishAsync(failed: ["12.4.1-devel-debian12"]);

        var skipped = outcomes.Single(o => o.Action == PublishAction.Skipped);
        skipped.Image.Tag.ShouldBe("12.4.1-devel-debian12");
        skipped.Reason.ShouldBe("smoke check env failed: CUDA_VERSION is 0.0, not the release's");
        using var direct = Direct();
        foreach (var name in new[] { "12.4.1-devel-debian12", "12.4-devel-debian12", "12-devel-debian12" })
            (await direct.GetManifestDigestAsync(name, CancellationToken.None)).ShouldBeNull(name);
        Writes().ShouldNotContain(r => r.Path.Contains("devel-debian12") && r.Path.Contains("/manifests/12"));
        log.ToString().ShouldContain("12.4.1-devel-debian12: not published: smoke check env failed");
    }

    [Fact]
    public async Task Image_that_is_not_in_the_engine_is_not_published_and_says_why()
    {
        var missing = images.Plan.Find("11.8.0-devel-debian12")!;
        await fixture.Engine.RemoveImageAsync(missing.Reference, CancellationToken.None);

        var outcomes = await PublishAsync();

        outcomes.Single(o => o.Action == PublishAction.Skipped).Reason.ShouldBe($"not built: the engine has no {missing.Reference}");
        outcomes.Count(o => o.Action == PublishAction.Pushed).ShouldBe(5);
        using var direct = Direct();
        (await direct.GetManifestDigestAsync("11-devel-debian12", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Engine_push_and_our_client_through_503s_and_dropped_connections_are_retried_until_every_tag_is_verified()
    {
        var ours = new Queue<ProxyFault>([new ProxyFault.Status(503), new ProxyFault.Drop()]);
        var engineUploads = new Queue<ProxyFault>([new ProxyFault.Drop()]);
        var engineManifests = new Queue<ProxyFault>([new ProxyFault.Status(503), new ProxyFault.Status(503)]);
        proxy.Fault = request =>
        {
            lock (proxy)
            {
                var queue = !request.FromEngine ? (request.Path.Contains("/manifests/") ? ours : null)
                    : request.Method == "PATCH" && request.Path.Contains("/blobs/uploads/") ? engineUploads
                    : request.Method == "PUT" && request.Path.Contains("/manifests/") ? engineManifests
                    : null;
                return queue is not null && queue.TryDequeue(out var fault) ? fault : null;
            }
        };

        var outcomes = await PublishAsync();

        outcomes.ShouldAllBe(o => o.Action == PublishAction.Pushed);
        proxy.Faults.Count.ShouldBe(5);
        log.ToString().ShouldContain($"registry {proxy.Host} answered 503 Service Unavailable; retry 1 of 5");
        log.ToString().ShouldContain($"registry {proxy.Host} could not be reached (Unable to read data from the transport connection: Connection reset by peer); retry 2 of 5");
        // The engine's push of the fixed tag failed twice on the manifest; we pushed again.
        log.ToString().ShouldContain("11.8.0-base-debian12 failed: received unexpected HTTP status: 503 Service Unavailable; retry 2 of 5");
        using var direct = Direct();
        foreach (var outcome in outcomes)
        {
            (await direct.GetManifestAsync(outcome.Image.Tag, CancellationToken.None))!.ConfigDigest.ShouldBe(images.Ids[outcome.Image.Tag]);
            foreach (var alias in outcome.Image.Aliases)
                (await direct.GetManifestDigestAsync(alias, CancellationToken.None)).ShouldBe(outcome.Manifest!.Digest);
        }
    }

    [Fact]
    public async Task An_alias_refused_part_way_leaves_done_naming_the_pushed_tag_and_the_aliases_moved_before_it()
    {
        // 11.8.0-base-debian12 has the aliases 11.8-base-debian12 and 11-base-debian12; the registry refuses the second.
        proxy.Fault = request => !request.FromEngine && request.Method == "PUT" && request.Path.EndsWith("/manifests/11-base-debian12")
            ? new ProxyFault.Status(403) : null;
        using var client = new RegistryClient(Target(proxy.Host), null, Fast, log.WriteLine);
        var gate = new SmokeGate(images.SmokeResults([]).Results, new Dictionary<string, IReadOnlyList<string>>());
        var publisher = new Publisher(fixture.Engine, fixture.Pusher, client, null, gate, log, Fast);

        await Should.ThrowAsync<RegistryException>(() => publisher.PublishAsync(images.Plan.Images, dryRun: false, CancellationToken.None));

        var partial = publisher.Done.ShouldHaveSingleItem();
        partial.Image.Tag.ShouldBe("11.8.0-base-debian12");
        partial.Action.ShouldBe(PublishAction.Pushed);
        partial.Aliases.Select(a => a.Alias).ShouldBe(["11.8-base-debian12"]);
    }

    [Fact]
    public async Task Htpasswd_registry_takes_the_push_with_the_right_credentials()
    {
        var secured = Keep(await LocalRegistry.StartWithHtpasswdAsync("alice", "push-password-7"));

        var outcomes = await PublishAsync(host: secured.Host, credential: new RegistryCredential("alice", "push-password-7", "test"));

        outcomes.ShouldAllBe(o => o.Action == PublishAction.Pushed);
        using var client = new RegistryClient(Target(secured.Host), new RegistryCredential("alice", "push-password-7", "test"), Fast);
        (await client.GetManifestDigestAsync("12-runtime-debian12", CancellationToken.None))
            .ShouldBe(outcomes.Single(o => o.Image.Tag == "12.4.1-runtime-debian12").Manifest!.Digest);
    }

    [Fact]
    public async Task Wrong_credentials_fail_at_once_before_anything_is_pushed()
    {
        var secured = Keep(await LocalRegistry.StartWithHtpasswdAsync("alice", "push-password-7"));
        var securedProxy = Keep(await FaultProxy.StartAsync(secured.Url));

        var error = await Should.ThrowAsync<RegistryException>(() =>
            PublishAsync(host: securedProxy.Host, credential: new RegistryCredential("alice", "not-the-password", "test")));

        error.Message.ShouldContain("refused the credentials of user 'alice'");
        securedProxy.Requests.Count.ShouldBe(2);
        log.ToString().ShouldNotContain("not-the-password");
    }
}
