using System.Text.Json.Nodes;
using CudaImages.Docker;
using CudaImages.Planning;
using CudaImages.Signing;

namespace CudaImages.Publishing.Attachments;

/// <summary>How Publish signs and what it attaches: a key's signer or keyless signing, and the SBOMs (null: no attestations).</summary>
public sealed record AttachmentOptions(ISigner? Signer, bool Keyless, SbomFiles? Sboms, ProvenanceFacts Facts)
{
    /// <summary>What publish.json records for a keyless signature (CosignKeyless.Identity); the issuer alone when not given.</summary>
    public string KeylessIdentity { get; init; } = ImageSignature.GitHubOidc;
}

/// <summary>
/// Attaches to an image digest, in cosign's forms: the SPDX SBOM (.sbom, for cosign download sbom), the attestations (.att:
/// DSSE envelopes of in-toto statements — SLSA provenance, SPDX, CycloneDX — signed with the key), and last the signature
/// (.sig, cosign's simple signing), or a keyless one by cosign itself. Each is read back and checked after it is put.
/// </summary>
public sealed class ImageAttachments(AttachmentStore store, AttachmentOptions options, IDockerEngine engine, TextWriter log)
    : IImageAttachments
{
    readonly AttachmentCheck check = new(store);
    readonly SignatureKey? key = options.Signer is { } signer ? SignatureKey.FromPem(signer.PublicKeyPem, "the signing key's public key") : null;

    AttachmentExpectation Expectation => new(options.Signer is not null || options.Keyless, key, options.Sboms is not null);

    public void CheckReady(ImageSpec image) => options.Sboms?.Read(image.Tag);

    public async Task<PublishedAttachments> AttachAsync(ImageSpec image, Manifest manifest, bool alreadyPublished, CancellationToken cancellationToken)
    {
        if (alreadyPublished && (await check.ProblemsAsync(manifest.Digest, Expectation, cancellationToken)).Count == 0)
        {
            log.WriteLine($"{image.Tag}: {What()} already in place");
            return await AttachedAsync(manifest.Digest, cancellationToken);
        }
        if (options.Sboms is { } sboms)
        {
            var files = sboms.Read(image.Tag);
            var provenance = Provenance.Predicate(image, await OwnProvenanceAsync(image, cancellationToken), options.Facts);
            var statements = new[]
            {
                (InTotoStatement.SlsaProvenance, (JsonNode)provenance),
                (InTotoStatement.Spdx, JsonNode.Parse(files.Spdx)!),
                (InTotoStatement.CycloneDx, JsonNode.Parse(files.CycloneDx)!),
            };
            var layers = new List<AttachmentLayer>();
            foreach (var (type, predicate) in statements)
                layers.Add(await AttestationAsync(manifest.Digest, type, predicate, cancellationToken));
            await PutAsync(image.Tag, manifest, new(AttachmentKind.Sbom, [new(files.Spdx, "text/spdx+json", new Dictionary<string, string>())]), cancellationToken);
            await PutAsync(image.Tag, manifest, new(AttachmentKind.Attestation, layers), cancellationToken);
        }
        await SignAsync(image.Tag, manifest, cancellationToken);

        var problems = await check.ProblemsAsync(manifest.Digest, Expectation, cancellationToken);
        if (problems.Count > 0)
            throw new AttachmentException($"{image.Tag}: attached, but read back {string.Join("; ", problems)}; publish again");
        return await AttachedAsync(manifest.Digest, cancellationToken);
    }

    public async Task<ImageSignature?> SignIndexAsync(string tag, Manifest index, bool alreadyPublished, CancellationToken cancellationToken)
    {
        var expectation = Expectation with { Attested = false };
        if (!expectation.Signed) return null;
        if (alreadyPublished && (await check.ProblemsAsync(index.Digest, expectation, cancellationToken)).Count == 0)
        {
            log.WriteLine($"{tag}: the index's signature already in place");
            return Signature;
        }
        await SignAsync(tag, index, cancellationToken);
        var problems = await check.ProblemsAsync(index.Digest, expectation, cancellationToken);
        if (problems.Count > 0)
            throw new AttachmentException($"{tag}: signed the index, but read back {string.Join("; ", problems)}; publish again");
        return Signature;
    }

    /// <summary>How this run signs: with its key (by fingerprint) or keyless (what was asked for); null when it does not sign.</summary>
    ImageSignature? Signature => key is not null ? new ImageSignature(key.Fingerprint, null)
        : options.Keyless ? new ImageSignature(null, options.KeylessIdentity)
        : null;

    async Task SignAsync(string tag, Manifest manifest, CancellationToken cancellationToken)
    {
        if (options.Signer is { } signer)
        {
            var payload = SimpleSigning.Payload(store.Repository.Name, manifest.Digest);
            var signature = await signer.SignAsync(payload, cancellationToken);
            await PutAsync(tag, manifest, new(AttachmentKind.Signature,
                [new(payload, SimpleSigning.MediaType, new Dictionary<string, string> { [SimpleSigning.SignatureAnnotation] = signature })]), cancellationToken);
        }
        else if (options.Keyless)
        {
            await CosignKeyless.SignAsync($"{store.Repository.Name}@{manifest.Digest}", cancellationToken);
            log.WriteLine($"{tag}: signed keyless by cosign");
        }
    }

    /// <summary>What the digest carries once the check found nothing wrong: the signature as asked, and the provenance envelope's digest as read back.</summary>
    async Task<PublishedAttachments> AttachedAsync(string digest, CancellationToken cancellationToken)
    {
        var signature = Signature;
        if (options.Sboms is null) return new(signature, [], null);
        var attestations = await store.GetAsync(digest, AttachmentKind.Attestation, cancellationToken);
        var provenance = attestations?.Layers.LastOrDefault(l =>
            l.Annotations.TryGetValue(InTotoStatement.PredicateTypeAnnotation, out var type) && type == InTotoStatement.SlsaProvenance)?.Digest;
        return new(signature, [PublishedAttachments.Spdx, PublishedAttachments.CycloneDx], provenance);
    }

    async Task<AttachmentLayer> AttestationAsync(string digest, string predicateType, JsonNode predicate, CancellationToken cancellationToken)
    {
        var statement = InTotoStatement.Of(store.Repository.Name, digest, predicateType, predicate);
        var signature = options.Signer is { } signer
            ? await signer.SignAsync(Dsse.PreAuthenticationEncoding(Dsse.InTotoPayloadType, statement), cancellationToken)
            : null;
        // cosign's attestation layer: the envelope, an empty signature annotation (the signature is inside) and the predicate type.
        return new(Dsse.Envelope(statement, signature), Dsse.MediaType, new Dictionary<string, string>
        {
            [SimpleSigning.SignatureAnnotation] = "",
            [InTotoStatement.PredicateTypeAnnotation] = predicateType,
        });
    }

    async Task PutAsync(string tag, Manifest manifest, Attachment attachment, CancellationToken cancellationToken)
    {
        var stored = await store.PutAsync(manifest, attachment, cancellationToken);
        log.WriteLine($"{tag}: attached {AttachmentKinds.Describe(attachment.Kind)} {stored.Where} ({stored.ManifestDigest}), verified");
    }

    async Task<ImageProvenance> OwnProvenanceAsync(ImageSpec image, CancellationToken cancellationToken)
    {
        var baseImage = await engine.InspectImageAsync(image.BaseImage, cancellationToken);
        // The parent of one platform's image is the parent's image for that platform, not the index its tag may name.
        var parentTag = image.Parent is { } p ? p[..^image.Platform.TagSuffix.Length] : null;
        var parent = parentTag is not null ? await store.DigestOfAsync(parentTag, image.Platform, cancellationToken) : null;
        return new(image.BaseImage, baseImage?.Id, parentTag is not null ? $"{store.Repository.Name}:{parentTag}" : null, parent);
    }

    string What() => string.Join(" and ", new[]
    {
        options.Sboms is not null ? "SBOM and attestations" : null,
        options.Signer is not null || options.Keyless ? "signature" : null,
    }.OfType<string>());
}
