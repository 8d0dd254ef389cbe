namespace CudaImages.Publishing;

/// <summary>Turns a run's outcomes into artifacts/publish.json, keeping what an earlier run to the same registry published for other tags.</summary>
public static class PublishResults
{
    public static PublishFile Merge(PublishFile? previous, RegistryRepository registry, IReadOnlyList<PublishOutcome> outcomes, DateTimeOffset now)
    {
        var earlier = previous?.Registry == registry.Name ? previous : null;
        PublishedImage? Before(PublishOutcome o) =>
            o.Action == PublishAction.AlreadyPublished && earlier?.Find(o.Image.Tag) is { } before && before.Digest == o.Manifest!.Digest ? before : null;
        var published = outcomes
            .Where(o => o.Action is PublishAction.Pushed or PublishAction.AlreadyPublished && o.Manifest is not null)
            .Select(o => new PublishedImage(
                o.Image.Tag,
                registry.Name,
                o.ImageId!,
                o.Manifest!.Digest,
                o.Manifest.CompressedBytes,
                o.Aliases.Select(a => a.Alias).ToList(),
                Before(o)?.PublishedAt ?? now)
            {
                CurrentInRegistry = o.CurrentInRegistry,
                // A push with nothing attached and verified carries nothing; an image already published keeps what an earlier run recorded.
                Attachments = o.Attachments ?? (o.Action == PublishAction.Pushed ? PublishedAttachments.None : Before(o)?.Attachments),
                Platform = o.Image.Platform.Id,
                PublishedTag = o.Index?.Tag,
                IndexDigest = o.Index?.Digest,
                IndexSignature = o.Index?.Signature,
            })
            .ToList();
        var seen = outcomes.Select(o => o.Image.Tag).ToHashSet();
        var publishedNow = published.Select(p => p.Tag).ToHashSet();
        // An alias this run moved no longer belongs to the image an earlier run gave it to; an image skipped now
        // keeps what an earlier run published, because the registry still has it.
        var moved = published.SelectMany(p => p.Aliases).ToHashSet();
        var kept = (earlier?.Images ?? [])
            .Where(i => !publishedNow.Contains(i.Tag))
            .Select(i => i with { Aliases = i.Aliases.Where(a => !moved.Contains(a)).ToList() });
        var skipped = outcomes.Where(o => o.Action == PublishAction.Skipped).Select(o => new PublishSkip(o.Image.Tag, o.Reason ?? ""))
            .Concat((earlier?.Skipped ?? []).Where(s => !seen.Contains(s.Tag)));
        return new PublishFile(PublishFile.CurrentSchema, registry.Name, [.. published, .. kept], [.. skipped]);
    }
}
