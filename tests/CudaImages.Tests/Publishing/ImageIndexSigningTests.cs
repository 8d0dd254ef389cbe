using System.Diagnostics;
using CudaImages.Docker;
using CudaImages.Publishing;
using CudaImages.Publishing.Attachments;
using CudaImages.Signing;
using CudaImages.Smoke;
using CudaImages.Tests.Building;
using CudaImages.Tests.Signing;
using CudaImages.Verifying;
using Xunit.Abstractions;

namespace CudaImages.Tests.Publishing;

/// <summary>
/// Publish with a key and SBOMs of images built for linux/amd64 and linux/arm64 (FROM scratch, no emulation), on the real
/// engine and the real registry: the index is signed, each platform's image carries its own signature, SBOMs and provenance,
/// and both Verify and cosign itself (an independent client) accept every published tag.
/// </summary>
/// <summary>
/// The images, registry, key and SBOMs of <see cref="ImageIndexSigningTests"/>, and the one signed Publish its tests
/// read: publishing signs and attests a dozen images and their indexes, half a minute a time.
/// </summary>
public sealed class SignedIndexPublish : IAsyncLifetime
{
    public const string Password = "index-key-password";
    readonly string path = "cudaimages-test/" + Guid.NewGuid().ToString("n")[..8] + "/cuda";
    public string Root { get; } = Directory.CreateTempSubdirectory("cudaimages-index-signing-").FullName;
    public StringWriter Log { get; } = new();
    internal TinyImages Images { get; private set; } = null!;
    public LocalRegistry Registry { get; private set; } = null!;
    public IDockerEngine Engine { get; private set; } = null!;
    public IImagePusher Pusher { get; private set; } = null!;
    public IReadOnlyList<PublishOutcome> Outcomes { get; private set; } = null!;

    public string Keys => Path.Combine(Root, "keys");

    public RegistryRepository Target => RegistryRepository.Parse($"{Registry.Host}/{path}");

    public async Task InitializeAsync()
    {
        (Engine, Pusher) = await EngineConnection.ConnectWithPusherAsync(Console.Error.WriteLine, CancellationToken.None);
        Images = await TinyImages.BuildAsync(Engine, TinyImages.NewRepository(), "linux/amd64", "linux/arm64");
        Registry = await LocalRegistry.StartAsync();
        Directory.CreateDirectory(Keys);
        var generated = await ImageIndexSigningTests.CosignAsync(Root, ["generate-key-pair"], Keys, new() { ["COSIGN_PASSWORD"] = Password });
        generated.ExitCode.ShouldBe(0, generated.Output);
        foreach (var image in Images.Plan.Images) TestSboms.Write(Path.Combine(Root, "sbom"), image.Tag, image.Platform.Architecture);
        Outcomes = await PublishSignedAsync();
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        await Images.DisposeAsync();
        Engine.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    async Task<IReadOnlyList<PublishOutcome>> PublishSignedAsync()
    {
        using var client = new RegistryClient(Target, null);
        var signer = await CosignKeySigner.OpenAsync(await File.ReadAllTextAsync(Path.Combine(Keys, "cosign.key")), Password, CancellationToken.None);
        var facts = new ProvenanceFacts("https://example.invalid/cudaimages", "test", new Dictionary<string, string>(), null, DateTimeOffset.UnixEpoch);
        var attachments = new ImageAttachments(new AttachmentStore(client),
            new AttachmentOptions(signer, false, new SbomFiles(Path.Combine(Root, "sbom")), facts), Engine, Log);
        var gate = new SmokeGate(Images.SmokeResults().Results, new Dictionary<string, IReadOnlyList<string>>());
        return await new Publisher(Engine, Pusher, client, null, gate, Log, attachments: attachments)
            .PublishAsync(Images.Plan.Images, false, CancellationToken.None);
    }
}

/// <summary>
/// Publish with a key and SBOMs of images built for linux/amd64 and linux/arm64 (FROM scratch, no emulation), on the real
/// engine and the real registry: the index is signed, each platform's image carries its own signature, SBOMs and provenance,
/// and both Verify and cosign itself (an independent client) accept every published tag.
/// </summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class ImageIndexSigningTests(SignedIndexPublish signed, ITestOutputHelper output) : IClassFixture<SignedIndexPublish>, IDisposable
{
    RegistryRepository Target => signed.Target;

    string Keys => signed.Keys;

    IEnumerable<string> PublishedTags => signed.Images.Plan.Images.Select(i => i.PublishedTag).Distinct();

    public void Dispose() => output.WriteLine(signed.Log.ToString());

    [Fact]
    public async Task Verify_accepts_each_index_tag_signed_with_each_platform_image_signed_and_attested_on_a_real_registry()
    {
        using var client = new RegistryClient(Target, null);
        using var key = SignatureKey.FromPem(await File.ReadAllTextAsync(Path.Combine(Keys, "cosign.pub")), "cosign.pub");
        var verifier = new ImageVerifier(client, key);
        foreach (var tag in PublishedTags)
        {
            var verdict = await verifier.VerifyAsync(tag, CancellationToken.None);
            verdict.Problems.ShouldBeEmpty(verdict.ToString());
            ImageIndex.Entries((await client.GetManifestAsync(tag, CancellationToken.None))!).Count.ShouldBe(2);
        }
    }

    [Fact]
    public async Task Publish_file_records_each_index_s_signature_by_the_key_s_fingerprint_beside_each_platform_image_s_own()
    {
        var outcomes = signed.Outcomes;

        using var key = SignatureKey.FromPem(await File.ReadAllTextAsync(Path.Combine(Keys, "cosign.pub")), "cosign.pub");
        var file = PublishResults.Merge(null, Target, outcomes, DateTimeOffset.UnixEpoch);
        file.Images.Count.ShouldBe(signed.Images.Plan.Images.Count);
        file.Images.ShouldAllBe(i => i.IndexDigest != null && i.IndexSignature == new ImageSignature(key.Fingerprint, null) &&
                                     i.Attachments!.Signature == new ImageSignature(key.Fingerprint, null));
    }

    [Fact]
    public async Task Cosign_verify_with_the_key_accepts_each_index_tag_and_each_platform_tag_on_a_real_registry()
    {
        var tags = PublishedTags.Concat(signed.Images.Plan.Images.Select(Publisher.PlatformTag)).ToList();
        tags.Count.ShouldBe(3 * signed.Images.Plan.Images.Count / 2);
        foreach (var tag in tags)
        {
            var verified = await CosignAsync(signed.Root, ["verify", "--key", Path.Combine(Keys, "cosign.pub"), "--insecure-ignore-tlog=true", "--allow-http-registry", Target.Reference(tag)]);
            verified.ExitCode.ShouldBe(0, $"{tag}: {verified.Output}");
        }
    }

    [Fact]
    public async Task Verify_of_an_unsigned_index_names_the_index_and_each_platform_image_on_a_real_registry()
    {
        // The same images, published without a key to a repository of their own.
        using var client = new RegistryClient(RegistryRepository.Parse($"{signed.Registry.Host}/cudaimages-test/unsigned/cuda"), null);
        var gate = new SmokeGate(signed.Images.SmokeResults().Results, new Dictionary<string, IReadOnlyList<string>>());
        await new Publisher(signed.Engine, signed.Pusher, client, null, gate, signed.Log).PublishAsync(signed.Images.Plan.Images, false, CancellationToken.None);
        var tag = signed.Images.Plan.Images[0].PublishedTag;

        var verdict = await new ImageVerifier(client, null).VerifyAsync(tag, CancellationToken.None);

        verdict.Passed.ShouldBeFalse();
        verdict.Problems.ShouldContain(p => p.StartsWith("no signature", StringComparison.Ordinal));
        verdict.Problems.ShouldContain(p => p.StartsWith("linux/amd64: no signature", StringComparison.Ordinal));
        verdict.Problems.ShouldContain(p => p.StartsWith("linux/arm64: no SBOM", StringComparison.Ordinal));
    }

    internal sealed record Run(int ExitCode, string Output);

    internal static async Task<Run> CosignAsync(string root, string[] arguments, string? directory = null, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("cosign") { WorkingDirectory = directory ?? root };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("COSIGN_PASSWORD");
        start.Environment["DOCKER_CONFIG"] = Path.Combine(root, "docker-config");
        foreach (var (name, value) in environment ?? []) start.Environment[name] = value;
        var run = await ChildProcess.RunAsync(start);
        return new Run(run.ExitCode, run.Output);
    }
}
