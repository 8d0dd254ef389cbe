using System.Security.Cryptography;
using CudaImages.Building;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Publishing;
using CudaImages.Publishing.Attachments;
using CudaImages.Signing;
using CudaImages.Smoke;
using CudaImages.Tests.Building;
using Xunit.Abstractions;

namespace CudaImages.Tests.Publishing;

/// <summary>
/// The registry as BuildImages' cache, on the real engine and the real registry (docker-registry behind our counting proxy),
/// with a chain of three one-step images on debian:12: published once, removed from the engine, built and published again.
/// </summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class RegistryCacheTests(EngineFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    static readonly RegistryRetry Fast = new(2, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(60));

    readonly ScratchMatrix scratch = new("registry-cache");
    readonly string repository = "cudaimages-cachetest-" + Guid.NewGuid().ToString("n")[..10];
    readonly string path = "cudaimages-test/" + Guid.NewGuid().ToString("n")[..8] + "/cuda";
    readonly StringWriter log = new();
    readonly HashSet<string> made = [];
    LocalRegistry registry = null!;
    FaultProxy proxy = null!;

    public async Task InitializeAsync()
    {
        registry = await LocalRegistry.StartAsync();
        proxy = await FaultProxy.StartAsync(registry.Url);
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(log.ToString());
        await EmptyEngineAsync();
        await proxy.DisposeAsync();
        await registry.DisposeAsync();
        scratch.Dispose();
    }

    RegistryRepository Target => RegistryRepository.Parse($"{proxy.Host}/{path}");

    BuildPlan Plan() => Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All, repository);

    /// <summary>With <paramref name="key"/>, as BuildImages does when Publish signs with a key: a digest that key's signature is not on is rebuilt.</summary>
    async Task<Dictionary<string, ImageBuildRecord>> BuildAsync(BuildPlan plan, SignatureKey? key = null)
    {
        using var client = new RegistryClient(Target, null, Fast);
        var check = new AttachmentCheck(new AttachmentStore(client));
        var cache = new RegistryCache(client, fixture.Pusher, fixture.Engine, null,
            foreignSignature: key is null ? null : (digest, token) => check.ForeignSignatureAsync(digest, key, token));
        var builder = new ImageBuilder(fixture.Engine, new BuildOptions(2, false, null, "test", fixture.Logs, "io.cudaimages"), cache);
        var records = await builder.BuildAsync(plan, fixture.Bases, new PlainBuildProgress(log), CancellationToken.None);
        foreach (var r in records)
        {
            if (r.ImageId is { } id) made.Add(id);
            if (r.RegistryDigest is { } digest) made.Add($"{Target.Name}@{digest}");
        }
        return records.ToDictionary(r => r.Tag);
    }

    /// <summary>Publishes as the Publish target does, on smoke results that passed for every image in the engine.</summary>
    async Task<Dictionary<string, PublishOutcome>> PublishAsync(BuildPlan plan, IReadOnlyCollection<ImageBuildRecord> records, ISigner? signer = null)
    {
        using var client = new RegistryClient(Target, null, Fast);
        var smoke = records.Where(r => r.Status is ImageBuildStatus.Built or ImageBuildStatus.Skipped)
            .Select(r => new SmokeResult(r.Tag, "env", SmokeStatus.Passed, null, 0.1, null, "test host", r.ImageId)).ToList();
        var attachments = signer is null ? null : new ImageAttachments(new AttachmentStore(client),
            new AttachmentOptions(signer, Keyless: false, Sboms: null, new ProvenanceFacts("https://example.test/src", "test", new Dictionary<string, string>(), null, DateTimeOffset.UnixEpoch)),
            fixture.Engine, log);
        var publisher = new Publisher(fixture.Engine, fixture.Pusher, client, null, new SmokeGate(smoke, new Dictionary<string, IReadOnlyList<string>>()),
            log, Fast, attachments, built: [.. records]);
        var outcomes = await publisher.PublishAsync(plan.Images, dryRun: false, CancellationToken.None);
        foreach (var o in outcomes.Where(o => o.Manifest is not null)) made.Add($"{Target.Name}@{o.Manifest!.Digest}");
        return outcomes.ToDictionary(o => o.Image.Tag);
    }

    /// <summary>What a fresh CI runner has: none of these images, under any name (children first, so each goes whole).</summary>
    async Task EmptyEngineAsync()
    {
        foreach (var image in Enumerable.Reverse(Plan().Images))
            await fixture.Engine.RemoveImageAsync(image.Reference, CancellationToken.None);
        foreach (var reference in made.Where(m => m.Contains('@')))
            await fixture.Engine.RemoveImageAsync(reference, CancellationToken.None);
        foreach (var id in made.Where(m => !m.Contains('@')).Reverse())
        {
            try { await fixture.Engine.RemoveImageAsync(id, CancellationToken.None); }
            catch (CudaImages.Docker.EngineRequestException) { } // a child of it is still there; removed on its own turn
        }
    }

    async Task<(BuildPlan Plan, Dictionary<string, ImageBuildRecord> Built, Dictionary<string, PublishOutcome> Published)> PublishedOnceAsync()
    {
        var plan = Plan();
        var built = await BuildAsync(plan);
        built.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.Built);
        var published = await PublishAsync(plan, built.Values);
        published.Values.ShouldAllBe(o => o.Action == PublishAction.Pushed);
        await EmptyEngineAsync();
        return (plan, built, published);
    }

    [Fact]
    public async Task Real_registry_current_images_are_neither_rebuilt_nor_pulled_nor_pushed_and_keep_their_digests()
    {
        var (plan, first, published) = await PublishedOnceAsync();
        proxy.Requests.Clear();

        var again = await BuildAsync(plan);
        var republished = await PublishAsync(plan, again.Values);

        again.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.CurrentInRegistry);
        again.Values.ShouldAllBe(r => r.ImageId == first[r.Tag].ImageId);
        foreach (var r in again.Values)
            (await fixture.Engine.InspectImageAsync(r.ImageId!, CancellationToken.None)).ShouldBeNull($"{r.Tag} was pulled, though no child is built on it");
        republished.Values.ShouldAllBe(o => o.Action == PublishAction.AlreadyPublished && o.CurrentInRegistry);
        republished.Values.ShouldAllBe(o => o.Manifest!.Digest == published[o.Image.Tag].Manifest!.Digest);
        republished.Values.SelectMany(o => o.Aliases).ShouldAllBe(a => !a.Moves);
        proxy.Requests.Where(r => r.Writes).ShouldBeEmpty();
    }

    /// <summary>A key of this test's own: signatures the registry stores and <see cref="AttachmentCheck"/> verifies, no cosign.</summary>
    sealed class TestSigner : ISigner, IDisposable
    {
        readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public string PublicKeyPem => key.ExportSubjectPublicKeyInfoPem();

        public Task<string> SignAsync(byte[] payload, CancellationToken cancellationToken) =>
            Task.FromResult(Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));

        public void Dispose() => key.Dispose();
    }

    [Fact]
    public async Task Real_registry_current_image_a_crashed_run_left_unsigned_is_signed_without_a_push_and_a_signed_one_is_left_alone()
    {
        // The first run pushed every image and stopped before signing them.
        var (plan, _, published) = await PublishedOnceAsync();
        using var signer = new TestSigner();
        using var key = SignatureKey.FromPem(signer.PublicKeyPem, "the test key");
        using var client = new RegistryClient(Target, null, Fast);
        var check = new AttachmentCheck(new AttachmentStore(client));

        var signed = await PublishAsync(plan, (await BuildAsync(plan)).Values, signer);
        proxy.Requests.Clear();
        var again = await PublishAsync(plan, (await BuildAsync(plan)).Values, signer);

        signed.Values.ShouldAllBe(o => o.CurrentInRegistry && o.Manifest!.Digest == published[o.Image.Tag].Manifest!.Digest);
        foreach (var o in signed.Values)
            (await check.ProblemsAsync(o.Manifest!.Digest, new AttachmentExpectation(true, key, false), CancellationToken.None)).ShouldBeEmpty(o.Image.Tag);
        again.Values.ShouldAllBe(o => o.CurrentInRegistry);
        proxy.Requests.Where(r => r.Writes).ShouldBeEmpty();
    }

    [Fact]
    public async Task Real_registry_current_image_signed_with_another_key_is_rebuilt_not_re_signed_and_then_current_for_this_key()
    {
        // An earlier run published and signed every image with a key this run does not have (rotated, or not ours).
        var (plan, _, _) = await PublishedOnceAsync();
        using var before = new TestSigner();
        using var now = new TestSigner();
        using var key = SignatureKey.FromPem(now.PublicKeyPem, "this run's key");
        using var client = new RegistryClient(Target, null, Fast);
        var check = new AttachmentCheck(new AttachmentStore(client));
        (await PublishAsync(plan, (await BuildAsync(plan)).Values, before)).Values.ShouldAllBe(o => o.CurrentInRegistry);

        var rebuilt = await BuildAsync(plan, key);
        var published = await PublishAsync(plan, rebuilt.Values, now);
        await EmptyEngineAsync();
        var again = await BuildAsync(plan, key);

        rebuilt.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.Built);
        rebuilt["11.8.0-base-debian12"].Note!.ShouldContain($"does not verify with the key {key.Fingerprint}");
        foreach (var o in published.Values)
            (await check.ProblemsAsync(o.Manifest!.Digest, new AttachmentExpectation(true, key, false), CancellationToken.None)).ShouldBeEmpty(o.Image.Tag);
        again.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.CurrentInRegistry);
    }

    [Fact]
    public async Task Real_registry_a_changed_image_and_its_children_are_rebuilt_on_the_pulled_parent_and_only_they_are_republished()
    {
        var (_, first, published) = await PublishedOnceAsync();
        scratch.Replace("flavors.yaml", "STEP: runtime", "STEP: runtime-changed");
        var plan = Plan();

        var again = await BuildAsync(plan);
        var republished = await PublishAsync(plan, again.Values);

        again["11.8.0-base-debian12"].Status.ShouldBe(ImageBuildStatus.CurrentInRegistry);
        again["11.8.0-runtime-debian12"].Status.ShouldBe(ImageBuildStatus.Built);
        again["11.8.0-runtime-debian12"].ParentImageId.ShouldBe(first["11.8.0-base-debian12"].ImageId);
        again["11.8.0-devel-debian12"].Status.ShouldBe(ImageBuildStatus.Built);
        republished["11.8.0-base-debian12"].Action.ShouldBe(PublishAction.AlreadyPublished);
        republished["11.8.0-base-debian12"].Manifest!.Digest.ShouldBe(published["11.8.0-base-debian12"].Manifest!.Digest);
        republished["11.8.0-runtime-debian12"].Action.ShouldBe(PublishAction.Pushed);
        republished["11.8.0-devel-debian12"].Action.ShouldBe(PublishAction.Pushed);
        republished["11.8.0-devel-debian12"].Manifest!.Digest.ShouldNotBe(published["11.8.0-devel-debian12"].Manifest!.Digest);
    }
}
