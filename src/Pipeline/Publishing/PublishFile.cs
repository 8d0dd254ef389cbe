using CudaImages.Artifacts;
using CudaImages.IO;

namespace CudaImages.Publishing;

/// <summary>
/// One image in the registry: its fixed tag and floating aliases, the manifest digest read back from the
/// registry, and the compressed size the manifest declares (config + layers).
/// </summary>
public sealed record PublishedImage(
    string Tag,
    string Repository,
    string ImageId,
    string Digest,
    long CompressedBytes,
    IReadOnlyList<string> Aliases,
    DateTimeOffset PublishedAt)
{
    /// <summary>The image's platform (linux/amd64, linux/arm64); null in files written before platforms.</summary>
    public string? Platform { get; init; }

    /// <summary>For one platform of an image published as an index: the tag users pull and the index's digest under it.</summary>
    public string? PublishedTag { get; init; }

    public string? IndexDigest { get; init; }

    /// <summary>How that index is signed (Verify and cosign check the tag users pull by it); null when it is not, or not an index.</summary>
    public ImageSignature? IndexSignature { get; init; }

    /// <summary>BuildImages found this image current in the registry: not rebuilt, not pushed; its checks passed when it was published.</summary>
    public bool CurrentInRegistry { get; init; }

    /// <summary>What Publish attached to the digest and verified; null when no run that read the registry for it was asked to.</summary>
    public PublishedAttachments? Attachments { get; init; }
}

/// <summary>
/// How a published digest is signed: with a key, named by its fingerprint (sha256 of the public key's DER), or keyless,
/// naming what was asked for — cosign gets the certificate's identity from the OIDC provider, and Publish does not read it back.
/// </summary>
public sealed record ImageSignature(string? KeyFingerprint, string? Keyless)
{
    public const string GitHubOidc = Signing.CosignKeyless.GitHubOidc;
}

/// <summary>
/// What Publish attached to a published digest and read back: its signature (null: not signed), the SBOM formats attested
/// ("spdx", "cyclonedx"), and the digest of the provenance attestation's DSSE envelope (null: none).
/// </summary>
public sealed record PublishedAttachments(ImageSignature? Signature, IReadOnlyList<string> Sboms, string? Provenance)
{
    public const string Spdx = "spdx";
    public const string CycloneDx = "cyclonedx";

    /// <summary>An image pushed with nothing attached.</summary>
    public static PublishedAttachments None { get; } = new(null, [], null);
}

/// <summary>An image of the selection that was not published, and why (smoke check failed, not built...).</summary>
public sealed record PublishSkip(string Tag, string Reason);

/// <summary>artifacts/publish.json: what is in the registry after Publish, read by MeasureSizes and Report.</summary>
public sealed record PublishFile(int SchemaVersion, string Registry, IReadOnlyList<PublishedImage> Images, IReadOnlyList<PublishSkip> Skipped)
{
    public const int CurrentSchema = 2; // 2: each image's attachments (signature, SBOMs, provenance)
    public const string RelativePath = "publish.json";

    public PublishedImage? Find(string tag) => Images.FirstOrDefault(i => i.Tag == tag);

    public void Write(string path) => ArtifactFile.Write(path, this);

    public static PublishFile Read(string path) => ArtifactFile.Read<PublishFile>(path, CurrentSchema, "Publish");

    public static PublishFile? ReadIfExists(string path) => RegularFile.Inspect(path).Kind == FileKind.Missing ? null : Read(path);
}
