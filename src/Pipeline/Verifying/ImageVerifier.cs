using CudaImages.Publishing;
using CudaImages.Publishing.Attachments;
using CudaImages.Signing;

namespace CudaImages.Verifying;

/// <summary>What Verify found for one tag: the digest it names, and what is wrong with it (nothing, when it passed).</summary>
public sealed record TagVerdict(string Tag, string? Digest, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;

    public override string ToString() => Passed
        ? $"{Tag}: {Digest} is signed, with its SBOMs and provenance"
        : $"{Tag}{(Digest is null ? "" : $" ({Digest})")}: {string.Join("; ", Problems)}";
}

/// <summary>Some tags failed verification; the message names each with what is wrong.</summary>
public sealed class VerificationException(string message) : Exception(message);

/// <summary>
/// What a consumer checks before trusting a tag: it names a digest, that digest is signed (by the key, when one is given),
/// and its SBOMs and provenance are attached and are about that very digest. A tag naming an OCI index of platforms passes
/// when the index is signed and so is each platform's image, with its own SBOMs and provenance.
/// </summary>
public sealed class ImageVerifier(IArtifactRegistry registry, SignatureKey? key)
{
    readonly AttachmentCheck check = new(new AttachmentStore(registry));

    public async Task<TagVerdict> VerifyAsync(string tag, CancellationToken cancellationToken)
    {
        var manifest = await registry.GetManifestAsync(tag, cancellationToken);
        if (manifest is null) return new TagVerdict(tag, null, [$"{registry.Repository.Reference(tag)} is not in the registry"]);
        var platforms = ImageIndex.Entries(manifest);
        if (platforms.Count == 0)
            return new TagVerdict(tag, manifest.Digest, await check.ProblemsAsync(manifest.Digest, new AttachmentExpectation(true, key, true), cancellationToken));

        // An index is signed itself; each platform's image carries its own signature, SBOMs and provenance.
        var problems = new List<string>(await check.ProblemsAsync(manifest.Digest, new AttachmentExpectation(true, key, false), cancellationToken));
        foreach (var entry in platforms)
            problems.AddRange((await check.ProblemsAsync(entry.Digest, new AttachmentExpectation(true, key, true), cancellationToken))
                .Select(problem => $"{entry.Platform}: {problem}"));
        return new TagVerdict(tag, manifest.Digest, problems);
    }
}
