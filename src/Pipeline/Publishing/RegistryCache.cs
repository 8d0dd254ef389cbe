using System.Text.Json;
using CudaImages.Building;
using CudaImages.Docker;

namespace CudaImages.Publishing;

/// <summary>
/// The registry as BuildImages' cache: a fixed tag's manifest and the labels of its config (two small reads, no layer), and
/// the pull by digest of an image a child has to be built on. With <paramref name="missingAttestations"/> (Publish attests:
/// what a digest lacks), a digest without its SBOM attestations says so, for the image to be pulled: its SBOMs are written
/// from the image. With <paramref name="foreignSignature"/> (Publish signs with a key: why a digest's signature is not
/// that key's), such a digest says so, for the image to be rebuilt: the key vouches only for what this pipeline made.
/// </summary>
public sealed class RegistryCache(IRegistry registry, IImagePusher transfer, IDockerEngine engine, RegistryCredential? credential,
    Func<string, CancellationToken, Task<IReadOnlyList<string>>>? missingAttestations = null,
    Func<string, CancellationToken, Task<string?>>? foreignSignature = null) : IRegistryImages
{
    public string Repository => registry.Repository.Name;

    public async Task<RegistryImage?> FindAsync(string tag, CancellationToken cancellationToken)
    {
        var manifest = await registry.GetManifestAsync(tag, cancellationToken);
        // An index (several platforms) is not what Publish pushes for one tag: not ours to reuse.
        if (manifest?.ConfigDigest is not { } config) return null;
        var labels = Labels(await registry.GetConfigAsync(config, cancellationToken), $"{Repository}@{config}");
        var missing = missingAttestations is null ? [] : await missingAttestations(manifest.Digest, cancellationToken);
        var notOurs = foreignSignature is null ? null : await foreignSignature(manifest.Digest, cancellationToken);
        return new RegistryImage(Repository, tag, manifest.Digest, config, labels) { MissingAttestations = missing, NotOurs = notOurs };
    }

    public async Task<string> PullAsync(RegistryImage image, string localReference, CancellationToken cancellationToken)
    {
        await transfer.PullImageAsync(image.DigestReference, registry.Repository.CredentialKey, credential, cancellationToken);
        var pulled = await engine.InspectImageAsync(image.DigestReference, cancellationToken)
                     ?? throw new EngineRequestException($"pulled {image.DigestReference}, but the engine does not know it");
        await engine.TagImageAsync(pulled.Id, localReference, cancellationToken);
        return pulled.Id;
    }

    /// <summary>The config's config.Labels (OCI and Docker alike); none when it has none.</summary>
    internal static IReadOnlyDictionary<string, string> Labels(byte[] config, string where)
    {
        try
        {
            using var json = JsonDocument.Parse(config);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (json.RootElement.TryGetProperty("config", out var inner) && inner.ValueKind == JsonValueKind.Object
                && inner.TryGetProperty("Labels", out var found) && found.ValueKind == JsonValueKind.Object)
                foreach (var label in found.EnumerateObject())
                    if (label.Value.ValueKind == JsonValueKind.String)
                        labels[label.Name] = label.Value.GetString()!;
            return labels;
        }
        catch (JsonException e)
        {
            throw new RegistryException($"{where}: the registry's image config is not JSON ({e.Message})");
        }
    }
}
