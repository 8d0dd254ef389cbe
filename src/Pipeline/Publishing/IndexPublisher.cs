using CudaImages.Model;

namespace CudaImages.Publishing;

/// <summary>What Publish did with one image's index: its tag, digest, platforms and the aliases it moved.</summary>
public sealed record IndexOutcome(string Tag, PublishAction Action, string? Digest, IReadOnlyList<IndexEntry> Platforms, IReadOnlyList<AliasMove> Aliases)
{
    /// <summary>How the index itself is signed, read back before any alias moved; null when Publish was not asked to sign.</summary>
    public ImageSignature? Signature { get; init; }
}

/// <summary>
/// Puts an image's OCI index under its published tag once every platform's image is in the registry and verified, reads
/// it back and checks it names exactly those platforms and digests; only then moves the aliases to it, each verified.
/// An index already in place with the same entries is left alone: the same run twice pushes nothing. With attachments,
/// the index is signed before the aliases move.
/// </summary>
public sealed class IndexPublisher(IRegistry registry, TextWriter log, IImageAttachments? attachments = null)
{
    public async Task<IndexOutcome> PublishAsync(string tag, IReadOnlyList<string> aliases, IReadOnlyList<(Platform Platform, Manifest Manifest)> platforms,
        bool dryRun, CancellationToken cancellationToken)
    {
        var expected = platforms.Select(p => new IndexEntry(p.Platform, p.Manifest.Digest)).ToList();
        var index = ImageIndex.Create(platforms);
        var where = registry.Repository.Reference(tag);
        var current = await registry.GetManifestAsync(tag, cancellationToken);
        PublishAction action;
        if (current is not null && ImageIndex.NamesExactly(current, expected))
        {
            index = current;
            action = PublishAction.AlreadyPublished;
            log.WriteLine($"{tag}: index already in place as {current.Digest} ({ImageIndex.Describe(expected)})");
        }
        else if (dryRun)
        {
            log.WriteLine($"{tag}: would put an index of {ImageIndex.Describe(expected)}" + (current is null ? "" : $", replacing {current.Digest}"));
            return new IndexOutcome(tag, PublishAction.WouldPush, null, expected, [.. aliases.Select(a => new AliasMove(a, null, null))]);
        }
        else
        {
            await registry.PutManifestAsync(tag, index, cancellationToken);
            var back = await registry.GetManifestAsync(tag, cancellationToken)
                ?? throw new RegistryException($"{where}: the index was put, but the registry has no such tag; publish again");
            if (back.Digest != index.Digest || !ImageIndex.NamesExactly(back, expected))
                throw new RegistryException($"{where}: put the index {index.Digest} of {ImageIndex.Describe(expected)}, but the registry now has {back.Digest} " +
                                            $"naming {ImageIndex.Describe(ImageIndex.Entries(back))}; publish again");
            action = PublishAction.Pushed;
            log.WriteLine($"{tag}: index {index.Digest} of {ImageIndex.Describe(expected)}, verified in the registry");
        }

        // Signed before any alias names it, as a single-platform image is.
        var signature = attachments is null ? null
            : await attachments.SignIndexAsync(tag, index, action == PublishAction.AlreadyPublished, cancellationToken);
        var moves = new List<AliasMove>();
        foreach (var alias in aliases)
        {
            var old = await registry.GetManifestDigestAsync(alias, cancellationToken);
            var move = new AliasMove(alias, old, index.Digest);
            if (move.Moves)
            {
                await registry.PutManifestAsync(alias, index, cancellationToken);
                var now = await registry.GetManifestDigestAsync(alias, cancellationToken);
                if (now != index.Digest)
                    throw new RegistryException($"{registry.Repository.Reference(alias)}: put as {index.Digest}, but the registry now names {now ?? "nothing"}; publish again");
                log.WriteLine($"{tag}: moved {alias}: {old ?? "(none)"} → {index.Digest}, verified");
            }
            moves.Add(move);
        }
        return new IndexOutcome(tag, action, index.Digest, expected, moves) { Signature = signature };
    }
}
