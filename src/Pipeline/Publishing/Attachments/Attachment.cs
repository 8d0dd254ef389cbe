namespace CudaImages.Publishing.Attachments;

/// <summary>What an attachment is for; cosign's tag suffix (sha256-HEX.sig, .sbom, .att) and the OCI 1.1 artifact type say it.</summary>
public enum AttachmentKind { Signature, Sbom, Attestation }

/// <summary>One blob of an attachment: its bytes, media type and annotations (cosign keeps a signature in an annotation).</summary>
public sealed record AttachmentLayer(byte[] Content, string MediaType, IReadOnlyDictionary<string, string> Annotations)
{
    public string Digest => Manifest.DigestOf(Content);
}

/// <summary>An attachment to push: a kind and its layers, in the order cosign reads them.</summary>
public sealed record Attachment(AttachmentKind Kind, IReadOnlyList<AttachmentLayer> Layers);

/// <summary>An attachment as the registry holds it, its layers read back and checked against their digests.</summary>
public sealed record StoredAttachment(AttachmentKind Kind, string Where, string ManifestDigest, string? Subject, IReadOnlyList<AttachmentLayer> Layers);

public static class AttachmentKinds
{
    /// <summary>cosign's tag of an attachment: sha256:abc… becomes sha256-abc….sig (or .sbom, .att).</summary>
    public static string CosignTag(string digest, AttachmentKind kind) => digest.Replace(':', '-') + "." + Suffix(kind);

    public static string Suffix(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Signature => "sig",
        AttachmentKind.Sbom => "sbom",
        _ => "att",
    };

    /// <summary>The artifactType under the referrers API, in cosign's naming.</summary>
    public static string ArtifactType(AttachmentKind kind) => $"application/vnd.dev.cosign.artifact.{Suffix(kind)}.v1+json";

    public static string Describe(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Signature => "signature",
        AttachmentKind.Sbom => "SBOM",
        _ => "attestations",
    };
}
