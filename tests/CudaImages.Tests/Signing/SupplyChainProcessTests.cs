using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using CudaImages.Publishing;
using CudaImages.Publishing.Attachments;
using CudaImages.Signing;
using CudaImages.Smoke;
using CudaImages.Tests.Building;
using CudaImages.Tests.Publishing;
using Xunit.Abstractions;

namespace CudaImages.Tests.Signing;

/// <summary>
/// `./build.sh Publish --signing-key … --attest` and `./build.sh Verify` as their own processes, on the real engine, a real
/// registry (Debian's docker-registry: no referrers API, so cosign's tags) and real cosign, which checks what we signed.
/// One tiny image (11.8.0-base-debian12 of the engine-tiny matrix, FROM scratch) with its two aliases.
/// </summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class SupplyChainProcessTests(EngineFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    const string Tag = "11.8.0-base-debian12";
    const string Password = "Key-pw-never-printed-83d1e";

    readonly string root = Path.Combine(Path.GetTempPath(), "cudaimages-tests", "supply-chain-" + Guid.NewGuid().ToString("n")[..10]);
    readonly string path = "cudaimages-test/" + Guid.NewGuid().ToString("n")[..8] + "/cuda";
    readonly List<IAsyncDisposable> parts = [];
    TinyImages images = null!;
    string keys = null!;

    string PrivateKey => Path.Combine(keys, "cosign.key");
    string PublicKey => Path.Combine(keys, "cosign.pub");
    string Artifacts => Path.Combine(root, "artifacts");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        Directory.CreateDirectory(Path.Combine(root, "docker-config"));
        images = Keep(await TinyImages.BuildAsync(fixture.Engine, TinyImages.NewRepository()));
        images.SmokeResults().Write(Path.Combine(Artifacts, SmokeResultsFile.RelativePath));
        keys = Path.Combine(root, "keys");
        Directory.CreateDirectory(keys);
        var generated = await CosignAsync(["generate-key-pair"], keys, new() { ["COSIGN_PASSWORD"] = Password });
        generated.ExitCode.ShouldBe(0, generated.Output);
        TestSboms.Write(Path.Combine(Artifacts, SbomFiles.RelativePath), Tag);
    }

    public async Task DisposeAsync()
    {
        foreach (var part in Enumerable.Reverse(parts)) await part.DisposeAsync();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    T Keep<T>(T part) where T : IAsyncDisposable
    {
        parts.Add(part);
        return part;
    }

    sealed record Run(int ExitCode, string Output);

    Task<Run> BuildAsync(string target, string registryHost, params string[] extra) => BuildAsync(target, registryHost, [], extra);

    async Task<Run> BuildAsync(string target, string registryHost, Dictionary<string, string> environment, params string[] extra)
    {
        var arguments = new[]
        {
            Path.Combine(TestPaths.Root, "build.sh"), target, "--root", root, "--images", TestPaths.Fixture("engine-tiny"),
            "--repository", images.Plan.Repository, "--registry", $"{registryHost}/{path}", "--image", Tag,
        }.Concat(extra);
        environment["DOCKER_CONFIG"] = Path.Combine(root, "docker-config");
        var run = await RunAsync("bash", arguments, root, environment,
            ["REGISTRY", "REGISTRY_USERNAME", "REGISTRY_PASSWORD", "SIGNING_KEY", "SIGNING_KEY_PASSWORD", "KEY", "ATTEST", "KEYLESS", "GITHUB_ACTIONS", "COSIGN_PASSWORD"]);
        output.WriteLine($"--- {target}: exit {run.ExitCode}\n{run.Output}");
        return run;
    }

    Task<Run> PublishAsync(string registryHost, params string[] extra) =>
        BuildAsync("Publish", registryHost, ["--signing-key", PrivateKey, "--signing-key-password", Password, "--attest", .. extra]);

    Task<Run> CosignAsync(string[] arguments, string? directory = null, Dictionary<string, string>? environment = null) =>
        RunAsync("cosign", arguments, directory ?? root, environment ?? new() { ["DOCKER_CONFIG"] = Path.Combine(root, "docker-config") }, ["COSIGN_PASSWORD"]);

    static async Task<Run> RunAsync(string program, IEnumerable<string> arguments, string directory, Dictionary<string, string> environment, string[] removed)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in removed) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var run = await ChildProcess.RunAsync(start);
        return new Run(run.ExitCode, run.Output);
    }

    string Reference(string registryHost, string tag) => $"{registryHost}/{path}:{tag}";

    RegistryClient Client(LocalRegistry registry) => new(RegistryRepository.Parse($"{registry.Host}/{path}"), null);

    [Fact]
    public async Task Published_digest_is_signed_and_attested_so_that_cosign_and_Verify_accept_every_tag_on_a_real_registry()
    {
        var registry = Keep(await LocalRegistry.StartAsync());

        var publish = await PublishAsync(registry.Host);

        publish.ExitCode.ShouldBe(0, publish.Output);
        publish.Output.ShouldContain($"{Tag}: attached signature {registry.Host}/{path}:sha256-");
        var image = images.Plan.Find(Tag)!;
        foreach (var tag in image.Aliases.Prepend(Tag))
        {
            var verified = await CosignAsync(["verify", "--key", PublicKey, "--insecure-ignore-tlog=true", "--allow-http-registry", Reference(registry.Host, tag)]);
            verified.ExitCode.ShouldBe(0, verified.Output);
        }
        foreach (var type in new[] { "slsaprovenance1", "spdxjson", "cyclonedx" })
        {
            var attested = await CosignAsync(["verify-attestation", "--key", PublicKey, "--insecure-ignore-tlog=true", "--allow-http-registry", "--type", type, Reference(registry.Host, Tag)]);
            attested.ExitCode.ShouldBe(0, $"{type}: {attested.Output}");
        }
        var sbom = await CosignAsync(["download", "sbom", "--allow-http-registry", Reference(registry.Host, Tag)]);
        sbom.ExitCode.ShouldBe(0, sbom.Output);
        sbom.Output.ShouldContain("\"spdxVersion\":\"SPDX-2.3\"");

        var verify = await BuildAsync("Verify", registry.Host, "--key", PublicKey);
        verify.ExitCode.ShouldBe(0, verify.Output);
        verify.Output.ShouldContain($"{Tag}: sha256:");
        verify.Output.ShouldContain($"{image.Aliases[0]}: sha256:");
    }

    [Fact]
    public async Task Provenance_names_the_digest_the_builder_the_source_revision_and_the_input_hash_and_publish_json_records_it_with_the_key()
    {
        var registry = Keep(await LocalRegistry.StartAsync());
        (await PublishAsync(registry.Host)).ExitCode.ShouldBe(0);
        using var client = Client(registry);
        var digest = (await client.GetManifestDigestAsync(Tag, CancellationToken.None))!;

        var attestations = (await new AttachmentStore(client).GetAsync(digest, AttachmentKind.Attestation, CancellationToken.None))!;

        var provenance = attestations.Layers.Select(l => CudaImages.Signing.Dsse.Open(l.Content)!.Value.Payload)
            .Select(p => JsonNode.Parse(p)!).Single(s => (string?)s["predicateType"] == InTotoStatement.SlsaProvenance);
        ((string?)provenance["subject"]![0]!["digest"]!["sha256"]).ShouldBe(digest["sha256:".Length..]);
        var predicate = provenance["predicate"]!;
        ((string?)predicate["runDetails"]!["builder"]!["id"]).ShouldBe("https://example.invalid/cudaimages");
        predicate["runDetails"]!["builder"]!["version"]!["cudaimages"].ShouldNotBeNull();
        ((string?)predicate["buildDefinition"]!["internalParameters"]!["inputHash"]).ShouldBe(images.Plan.Find(Tag)!.InputHash);
        ((string?)predicate["buildDefinition"]!["externalParameters"]!["parameters"]!["image"]).ShouldBe(Tag);
        ((string?)predicate["buildDefinition"]!["resolvedDependencies"]![0]!["digest"]!["gitCommit"]).ShouldNotBeNullOrEmpty();

        var recorded = PublishFile.Read(Path.Combine(Artifacts, PublishFile.RelativePath)).Find(Tag)!.Attachments!;
        using var key = SignatureKey.FromPem(File.ReadAllText(PublicKey), "cosign.pub");
        recorded.Signature!.KeyFingerprint.ShouldBe(key.Fingerprint);
        recorded.Sboms.ShouldBe([PublishedAttachments.Spdx, PublishedAttachments.CycloneDx]);
        recorded.Provenance.ShouldBe(attestations.Layers.Single(l => l.Annotations[InTotoStatement.PredicateTypeAnnotation] == InTotoStatement.SlsaProvenance).Digest);
    }

    [Fact]
    public async Task Verify_fails_naming_the_tag_and_the_SBOM_after_someone_pushes_a_modified_SBOM()
    {
        var registry = Keep(await LocalRegistry.StartAsync());
        (await PublishAsync(registry.Host)).ExitCode.ShouldBe(0);
        using var client = Client(registry);
        var subject = (await client.GetManifestAsync(Tag, CancellationToken.None))!;
        var spdx = JsonNode.Parse(File.ReadAllText(Path.Combine(Artifacts, "sbom", Tag + ".spdx.json")))!;
        spdx["packages"]!.AsArray().Clear(); // hides libc6

        await new AttachmentStore(client).PutAsync(subject,
            new Attachment(AttachmentKind.Sbom, [new AttachmentLayer(Encoding.UTF8.GetBytes(spdx.ToJsonString()), "text/spdx+json", new Dictionary<string, string>())]),
            CancellationToken.None);
        var verify = await BuildAsync("Verify", registry.Host, "--key", PublicKey);

        verify.ExitCode.ShouldBe(1, verify.Output);
        verify.Output.ShouldContain($"{Tag} ({subject.Digest}): the SBOM ({registry.Host}/{path}:{AttachmentKinds.CosignTag(subject.Digest, AttachmentKind.Sbom)}) differs from the SPDX document of its attestation (tampered)");
    }

    [Fact]
    public async Task Verify_and_cosign_both_reject_a_signature_replaced_by_one_of_another_key()
    {
        var registry = Keep(await LocalRegistry.StartAsync());
        (await PublishAsync(registry.Host)).ExitCode.ShouldBe(0);
        var other = Path.Combine(root, "other-keys");
        Directory.CreateDirectory(other);
        (await CosignAsync(["generate-key-pair"], other, new() { ["COSIGN_PASSWORD"] = "other" })).ExitCode.ShouldBe(0);
        using var client = Client(registry);
        var digest = (await client.GetManifestDigestAsync(Tag, CancellationToken.None))!;
        var signature = (await new AttachmentStore(client).GetAsync(digest, AttachmentKind.Signature, CancellationToken.None))!.Layers.Single();
        var payload = Path.Combine(other, "payload");
        await File.WriteAllBytesAsync(payload, signature.Content);
        var forged = await CosignAsync(["sign-blob", "--key", Path.Combine(other, "cosign.key"), "--tlog-upload=false", "--yes", "--output-signature", Path.Combine(other, "sig"), payload], other,
            new() { ["COSIGN_PASSWORD"] = "other" });
        forged.ExitCode.ShouldBe(0, forged.Output);
        var subject = (await client.GetManifestAsync(Tag, CancellationToken.None))!;
        await new AttachmentStore(client).PutAsync(subject, new Attachment(AttachmentKind.Signature,
            [signature with { Annotations = new Dictionary<string, string> { [CudaImages.Signing.SimpleSigning.SignatureAnnotation] = File.ReadAllText(Path.Combine(other, "sig")).Trim() } }]),
            CancellationToken.None);

        var verify = await BuildAsync("Verify", registry.Host, "--key", PublicKey);
        var cosign = await CosignAsync(["verify", "--key", PublicKey, "--insecure-ignore-tlog=true", "--allow-http-registry", Reference(registry.Host, Tag)]);

        verify.ExitCode.ShouldBe(1, verify.Output);
        verify.Output.ShouldContain($"{Tag} ({digest}): the signature ({registry.Host}/{path}:{AttachmentKinds.CosignTag(digest, AttachmentKind.Signature)}) does not verify with the key");
        cosign.ExitCode.ShouldNotBe(0, cosign.Output);
    }

    [Fact]
    public async Task A_wrong_key_password_stops_publish_in_one_sentence_before_anything_is_pushed()
    {
        var registry = Keep(await LocalRegistry.StartAsync());
        var proxy = Keep(await FaultProxy.StartAsync(registry.Url));

        var run = await BuildAsync("Publish", proxy.Host, "--signing-key", PrivateKey, "--signing-key-password", Password + "-wrong", "--attest");

        run.ExitCode.ShouldBe(1, run.Output);
        run.Output.ShouldContain("--signing-key-password does not open --signing-key (cosign could not decrypt it); give the password the key was made with");
        proxy.Requests.Where(r => r.Writes).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_signing_key_stops_publish_in_one_sentence_before_anything_is_pushed()
    {
        var registry = Keep(await LocalRegistry.StartAsync());
        var proxy = Keep(await FaultProxy.StartAsync(registry.Url));

        var run = await BuildAsync("Publish", proxy.Host, "--signing-key", Path.Combine(keys, "no-such.key"), "--signing-key-password", Password);

        run.ExitCode.ShouldBe(1, run.Output);
        run.Output.ShouldContain("--signing-key names no key file and holds no PEM key");
        proxy.Requests.Where(r => r.Writes).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_registry_refusing_an_attachment_fails_publish_in_one_sentence_and_moves_no_alias()
    {
        var registry = Keep(await LocalRegistry.StartAsync());
        var proxy = Keep(await FaultProxy.StartAsync(registry.Url));
        proxy.Fault = r => r.Method == "PUT" && r.Path.EndsWith(".att") ? new ProxyFault.Status(403) : null;

        var run = await PublishAsync(proxy.Host);

        run.ExitCode.ShouldBe(1, run.Output);
        run.Output.ShouldContain($"registry {proxy.Host} denied PUT /v2/{path}/manifests/sha256-");
        using var client = Client(registry);
        foreach (var alias in images.Plan.Find(Tag)!.Aliases)
            (await client.GetManifestDigestAsync(alias, CancellationToken.None)).ShouldBeNull(alias);
    }

    [Fact]
    public async Task Publish_with_attest_but_no_SBOM_files_fails_naming_the_file_and_pushes_nothing()
    {
        var registry = Keep(await LocalRegistry.StartAsync());
        var proxy = Keep(await FaultProxy.StartAsync(registry.Url));
        File.Delete(Path.Combine(Artifacts, "sbom", Tag + ".cdx.json"));

        var run = await PublishAsync(proxy.Host);

        run.ExitCode.ShouldBe(1, run.Output);
        run.Output.ShouldContain($"{Tag}: --attest attaches its SBOMs, but {Path.Combine(Artifacts, "sbom", Tag + ".cdx.json")} does not exist");
        proxy.Requests.Where(r => r.Writes).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_key_and_its_password_never_appear_in_what_publish_and_verify_print_or_write()
    {
        var registry = Keep(await LocalRegistry.StartAsync());
        var pem = await File.ReadAllTextAsync(PrivateKey);
        var keyBody = pem.Split('\n')[1]; // a line of the encrypted key itself
        using var publicKey = SignatureKey.FromPem(await File.ReadAllTextAsync(PublicKey), "cosign.pub");

        var byPath = await PublishAsync(registry.Host);
        // The PEM itself, through the environment, as a CI secret gives it.
        var byContent = await BuildAsync("Publish", registry.Host, new Dictionary<string, string> { ["SIGNING_KEY"] = pem, ["SIGNING_KEY_PASSWORD"] = Password }, "--attest");
        var wrong = await BuildAsync("Publish", registry.Host, new Dictionary<string, string> { ["SIGNING_KEY"] = pem, ["SIGNING_KEY_PASSWORD"] = Password + "-wrong" }, "--attest");
        var verify = await BuildAsync("Verify", registry.Host, "--key", PublicKey);

        byPath.ExitCode.ShouldBe(0, byPath.Output);
        byContent.ExitCode.ShouldBe(0, byContent.Output);
        byContent.Output.ShouldContain($"{Tag}: SBOM and attestations and signature already in place");
        wrong.ExitCode.ShouldBe(1, wrong.Output);
        verify.ExitCode.ShouldBe(0, verify.Output);
        // The key is named by its fingerprint, the same in Publish and Verify; not even the public key's PEM is printed.
        byPath.Output.ShouldContain($"signing with the key {publicKey.Fingerprint}");
        verify.Output.ShouldContain($"signatures must verify with the key {publicKey.Fingerprint}");
        foreach (var run in new[] { byPath, byContent, wrong, verify })
        {
            run.Output.ShouldNotContain(Password);
            run.Output.ShouldNotContain(keyBody);
            run.Output.ShouldNotContain("BEGIN PUBLIC KEY");
        }
        foreach (var file in Directory.EnumerateFiles(Artifacts, "*", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(file);
            text.ShouldNotContain(Password, customMessage: file);
            text.ShouldNotContain(keyBody, customMessage: file);
        }
    }
}
