namespace CudaImages.Building;

/// <summary>
/// An image as the registry holds it under its fixed tag: the manifest digest, the image ID (its config digest) and the
/// labels of its config, which say what it was built from (input hash, parent).
/// </summary>
public sealed record RegistryImage(string Repository, string Tag, string Digest, string ImageId, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The reference that names exactly this image, e.g. localhost:5000/cuda@sha256:....</summary>
    public string DigestReference => $"{Repository}@{Digest}";

    /// <summary>What Publish must still attach to this digest and needs the image for (its SBOM attestations); empty when all is there.</summary>
    public IReadOnlyList<string> MissingAttestations { get; init; } = [];

    /// <summary>
    /// Why this digest is not this run's to reuse or re-sign: it carries a signature the signing key does not verify (made
    /// with another key, or tampered with). Null when nothing says so. Such an image is rebuilt, never pulled and signed.
    /// </summary>
    public string? NotOurs { get; init; }
}

/// <summary>The registry as BuildImages' cache: what a fixed tag holds, and the pull of an image a child is built on.</summary>
public interface IRegistryImages
{
    /// <summary>The registry repository, e.g. localhost:5000/cuda.</summary>
    string Repository { get; }

    /// <summary>The image the registry holds under <paramref name="tag"/>, or null when it holds none.</summary>
    Task<RegistryImage?> FindAsync(string tag, CancellationToken cancellationToken);

    /// <summary>Pulls the image into the engine and names it <paramref name="localReference"/>; returns the engine's image ID.</summary>
    Task<string> PullAsync(RegistryImage image, string localReference, CancellationToken cancellationToken);
}
