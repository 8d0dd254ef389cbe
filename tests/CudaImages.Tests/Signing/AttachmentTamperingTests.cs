using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CudaImages.Publishing;
using CudaImages.Publishing.Attachments;
using CudaImages.Signing;
using CudaImages.Tests.Publishing;

namespace CudaImages.Tests.Signing;

/// <summary>
/// Attestations put into a real registry (Debian's docker-registry, cosign's tags) and read back by the check that Verify
/// and Publish run, signed in process with an ECDSA P-256 key as cosign's keys are (the cosign round trip itself is
/// SupplyChainProcessTests'). Someone with push rights changes one afterwards.
/// </summary>
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class AttachmentTamperingTests : IAsyncLifetime
{
    readonly string path = "cudaimages-test/" + Guid.NewGuid().ToString("n")[..8] + "/cuda";
    readonly ECDsa signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    LocalRegistry registry = null!;
    RegistryClient client = null!;
    SignatureKey key = null!;

    public async Task InitializeAsync()
    {
        registry = await LocalRegistry.StartAsync();
        client = new RegistryClient(RegistryRepository.Parse($"{registry.Host}/{path}"), null);
        key = SignatureKey.FromPem(signer.ExportSubjectPublicKeyInfoPem(), "test key");
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        key.Dispose();
        signer.Dispose();
        await registry.DisposeAsync();
    }

    static readonly (string Type, string Predicate)[] Statements =
    [
        (InTotoStatement.SlsaProvenance, """{"buildDefinition":{"internalParameters":{"inputHash":"sha256:1234"}}}"""),
        (InTotoStatement.Spdx, """{"spdxVersion":"SPDX-2.3","packages":[]}"""),
        (InTotoStatement.CycloneDx, """{"bomFormat":"CycloneDX","specVersion":"1.6"}"""),
    ];

    AttachmentLayer Attestation(string digest, string type, string predicate, string? signature = null)
    {
        var statement = InTotoStatement.Of(client.Repository.Name, digest, type, JsonNode.Parse(predicate)!);
        signature ??= Convert.ToBase64String(signer.SignData(Dsse.PreAuthenticationEncoding(Dsse.InTotoPayloadType, statement), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        return new(Dsse.Envelope(statement, signature), Dsse.MediaType, new Dictionary<string, string>
        {
            [SimpleSigning.SignatureAnnotation] = "",
            [InTotoStatement.PredicateTypeAnnotation] = type,
        });
    }

    /// <summary>An image with its three signed attestations and its SBOM, as Publish leaves them.</summary>
    async Task<(Manifest Subject, AttachmentStore Store)> AttestedImageAsync()
    {
        await RegistrySeed.PushAsync(registry.Url, path, "11.8.0-base-debian12");
        var subject = (await client.GetManifestAsync("11.8.0-base-debian12", CancellationToken.None))!;
        var store = new AttachmentStore(client);
        await store.PutAsync(subject, new(AttachmentKind.Attestation, [.. Statements.Select(s => Attestation(subject.Digest, s.Type, s.Predicate))]), CancellationToken.None);
        await store.PutAsync(subject, new(AttachmentKind.Sbom, [new(Encoding.UTF8.GetBytes(Statements[1].Predicate), "text/spdx+json", new Dictionary<string, string>())]), CancellationToken.None);
        return (subject, store);
    }

    Task<IReadOnlyList<string>> ProblemsAsync(AttachmentStore store, string digest) =>
        new AttachmentCheck(store).ProblemsAsync(digest, new AttachmentExpectation(Signed: false, key, Attested: true), CancellationToken.None);

    [Fact]
    public async Task Real_registry_attestations_as_published_pass_the_check()
    {
        var (subject, store) = await AttestedImageAsync();

        (await ProblemsAsync(store, subject.Digest)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Real_registry_provenance_changed_after_signing_fails_the_check_naming_the_provenance()
    {
        var (subject, store) = await AttestedImageAsync();
        var signed = Attestation(subject.Digest, Statements[0].Type, Statements[0].Predicate);
        var signature = Dsse.Open(signed.Content)!.Value.Signatures.Single();
        var changed = Statements[0].Predicate.Replace("sha256:1234", "sha256:5678");

        await store.PutAsync(subject, new(AttachmentKind.Attestation,
            [Attestation(subject.Digest, Statements[0].Type, changed, signature), .. Statements[1..].Select(s => Attestation(subject.Digest, s.Type, s.Predicate))]), CancellationToken.None);

        (await ProblemsAsync(store, subject.Digest)).ShouldBe([
            $"the provenance attestation ({store.Where(subject.Digest, AttachmentKind.Attestation)}) has no signature the key verifies (tampered, or signed with another key)",
        ]);
    }

    AttachmentLayer Signature(string digest, ECDsa with)
    {
        var payload = SimpleSigning.Payload(client.Repository.Name, digest);
        var signature = Convert.ToBase64String(with.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        return new(payload, SimpleSigning.MediaType, new Dictionary<string, string> { [SimpleSigning.SignatureAnnotation] = signature });
    }

    [Fact]
    public async Task Real_registry_a_signature_this_key_does_not_verify_is_foreign_and_none_or_this_keys_is_not()
    {
        var (subject, store) = await AttestedImageAsync();
        var check = new AttachmentCheck(store);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var unsigned = await check.ForeignSignatureAsync(subject.Digest, key, CancellationToken.None);
        await store.PutAsync(subject, new(AttachmentKind.Signature, [Signature(subject.Digest, other)]), CancellationToken.None);
        var otherKeys = await check.ForeignSignatureAsync(subject.Digest, key, CancellationToken.None);
        await store.PutAsync(subject, new(AttachmentKind.Signature, [Signature(subject.Digest, signer)]), CancellationToken.None);
        var ours = await check.ForeignSignatureAsync(subject.Digest, key, CancellationToken.None);

        unsigned.ShouldBeNull();
        otherKeys.ShouldBe($"the signature ({store.Where(subject.Digest, AttachmentKind.Signature)}) does not verify with the key {key.Fingerprint} (tampered, or signed with another key)");
        ours.ShouldBeNull();
    }
}
