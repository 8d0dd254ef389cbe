using CudaImages.Planning;

namespace CudaImages.Publishing;

/// <summary>What Publish attaches to each image digest it publishes, before any alias of that image moves.</summary>
public interface IImageAttachments
{
    /// <summary>Fails, before the image is pushed, when something the attachments need is missing (its SBOM files).</summary>
    void CheckReady(ImageSpec image);

    /// <summary>Attaches to <paramref name="manifest"/>; for an image already published, only what is not in place yet. Returns what the digest now carries.</summary>
    Task<PublishedAttachments> AttachAsync(ImageSpec image, Manifest manifest, bool alreadyPublished, CancellationToken cancellationToken);

    /// <summary>
    /// Signs an image's OCI index under <paramref name="tag"/> (its platforms' images carry their own SBOMs and provenance),
    /// so that a signature check of the tag itself holds; for an index already in place, only when its signature is not.
    /// Returns how the index is signed, as read back; null when Publish was not asked to sign.
    /// </summary>
    Task<ImageSignature?> SignIndexAsync(string tag, Manifest index, bool alreadyPublished, CancellationToken cancellationToken);
}
