namespace CudaImages.Publishing.Attachments;

/// <summary>
/// Where attachments live in one repository: through the referrers API where the registry answers it, else under cosign's
/// tags (sha256-HEX.sig, .sbom, .att), which cosign, ORAS and registries without OCI 1.1 all read.
/// </summary>
public sealed class AttachmentStore(IArtifactRegistry registry)
{
    bool? referrers;

    public RegistryRepository Repository => registry.Repository;

    /// <summary>Whether this registry has the referrers API; asked once, with the first image's digest.</summary>
    public async Task<bool> UsesReferrersAsync(string digest, CancellationToken cancellationToken) =>
        referrers ??= await registry.SupportsReferrersAsync(digest, cancellationToken);

    /// <summary>The digest a tag of this repository names, or null.</summary>
    public Task<string?> DigestOfAsync(string tag, CancellationToken cancellationToken) => registry.GetManifestDigestAsync(tag, cancellationToken);

    /// <summary>The digest of <paramref name="platform"/>'s image under <paramref name="tag"/>: the tag's own, or its index's entry for the platform.</summary>
    public async Task<string?> DigestOfAsync(string tag, Model.Platform platform, CancellationToken cancellationToken)
    {
        if (await registry.GetManifestAsync(tag, cancellationToken) is not { } manifest) return null;
        var entries = ImageIndex.Entries(manifest);
        return entries.Count == 0 ? manifest.Digest : entries.FirstOrDefault(e => e.Platform == platform)?.Digest;
    }

    /// <summary>Where an attachment of <paramref name="digest"/> is, as people look it up.</summary>
    public string Where(string digest, AttachmentKind kind) => $"{Repository.Name}:{AttachmentKinds.CosignTag(digest, kind)}";

    /// <summary>The attachment of this kind for <paramref name="digest"/>, every layer read back and checked; null when there is none.</summary>
    public async Task<StoredAttachment?> GetAsync(string digest, AttachmentKind kind, CancellationToken cancellationToken)
    {
        var reference = await ReferenceAsync(digest, kind, cancellationToken);
        if (reference is null) return null;
        var manifest = await registry.GetManifestAsync(reference, cancellationToken);
        if (manifest is null) return null;
        var where = Where(digest, kind);
        var (subject, descriptors) = ArtifactManifest.Read(manifest.Body, where);
        var layers = new List<AttachmentLayer>();
        foreach (var (layerDigest, mediaType, annotations) in descriptors)
        {
            var content = await registry.GetBlobAsync(layerDigest, cancellationToken)
                ?? throw new RegistryException($"{where}: the registry has the manifest but not its layer {layerDigest}");
            layers.Add(new AttachmentLayer(content, mediaType, annotations));
        }
        return new StoredAttachment(kind, where, manifest.Digest, subject, layers);
    }

    /// <summary>Pushes the attachment's blobs and manifest for the image manifest <paramref name="subject"/>, then reads it back and checks it.</summary>
    public async Task<StoredAttachment> PutAsync(Manifest subject, Attachment attachment, CancellationToken cancellationToken)
    {
        var (config, body) = ArtifactManifest.Build(attachment, subject);
        await registry.PushBlobAsync(config, cancellationToken);
        foreach (var layer in attachment.Layers)
            await registry.PushBlobAsync(layer.Content, cancellationToken);
        var digest = Manifest.DigestOf(body);
        var where = Where(subject.Digest, attachment.Kind);
        var stored = await registry.PutManifestAsync(
            await UsesReferrersAsync(subject.Digest, cancellationToken) ? digest : AttachmentKinds.CosignTag(subject.Digest, attachment.Kind),
            body, Manifest.OciManifest, cancellationToken);
        if (stored != digest)
            throw new RegistryException($"{where}: put as {digest}, but the registry stored {stored}; publish again");

        var back = await GetAsync(subject.Digest, attachment.Kind, cancellationToken);
        if (back is null || back.ManifestDigest != digest)
            throw new RegistryException($"{where}: put as {digest}, but the registry now names {back?.ManifestDigest ?? "nothing"}; publish again");
        return back;
    }

    async Task<string?> ReferenceAsync(string digest, AttachmentKind kind, CancellationToken cancellationToken)
    {
        if (!await UsesReferrersAsync(digest, cancellationToken)) return AttachmentKinds.CosignTag(digest, kind);
        // The newest of several referrers of one kind is the last the registry lists.
        var type = AttachmentKinds.ArtifactType(kind);
        return (await registry.ReferrersAsync(digest, cancellationToken)).LastOrDefault(r => r.ArtifactType == type).Digest;
    }
}
