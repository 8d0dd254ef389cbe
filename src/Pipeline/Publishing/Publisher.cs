using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Model;
using CudaImages.Planning;
using Polly;
using Polly.Retry;

namespace CudaImages.Publishing;

public enum PublishAction { Pushed, AlreadyPublished, Skipped, WouldPush }

/// <summary>A floating alias and the digests it named before and after; NewDigest is null in a dry run when the push has not made it yet.</summary>
public sealed record AliasMove(string Alias, string? OldDigest, string? NewDigest)
{
    /// <summary>An alias whose new digest is not known yet (its image is not pushed yet) will move too.</summary>
    public bool Moves => NewDigest is null || OldDigest != NewDigest;
}

/// <summary>What Publish did (or, in a dry run, would do) with one image.</summary>
public sealed record PublishOutcome(
    ImageSpec Image,
    string RegistryReference,
    PublishAction Action,
    string? ImageId,
    Manifest? Manifest,
    IReadOnlyList<AliasMove> Aliases,
    string? Reason)
{
    /// <summary>For an image published for several platforms: the index under its published tag (this outcome is one platform's image).</summary>
    public IndexOutcome? Index { get; init; }

    /// <summary>Found current in the registry by BuildImages: not rebuilt, not pulled, published by an earlier run.</summary>
    public bool CurrentInRegistry { get; init; }

    /// <summary>What was attached to its digest and verified; null when Publish was not asked to attach, or attaching failed.</summary>
    public PublishedAttachments? Attachments { get; init; }
}

/// <summary>
/// Publishes images to one registry repository, one image at a time: the fixed tag first, verified by reading its manifest
/// back (digest as the push reported, config digest = the local image ID), then each floating alias, put as the same
/// manifest bytes and verified. What is already published is read from the registry itself, not from a local journal,
/// so a run that was killed at any point is finished by the next one. With <paramref name="attachments"/>, each image's
/// signature, SBOMs and provenance are attached to its digest between the fixed tag and the aliases. An image BuildImages
/// found current in this registry (<paramref name="built"/>, from build.json) needs no local copy: its tag is checked to
/// hold it still, its attachments to be in place (what is missing is attached), and only its missing aliases are put;
/// its smoke checks passed when it was published.
/// </summary>
public sealed class Publisher(IDockerEngine engine, IImagePusher pusher, IRegistry registry, RegistryCredential? credential,
    SmokeGate gate, TextWriter log, RegistryRetry? pushRetry = null, IImageAttachments? attachments = null,
    IReadOnlyList<ImageBuildRecord>? built = null)
{
    readonly ResiliencePipeline pushPipeline = PushPipeline(pushRetry ?? RegistryRetry.Default, log);
    readonly List<PublishOutcome> done = [];

    RegistryRepository Target => registry.Repository;

    /// <summary>The images finished so far, also when <see cref="PublishAsync(IReadOnlyList{ImageSpec}, bool, CancellationToken)"/> failed part-way.</summary>
    public IReadOnlyList<PublishOutcome> Done => done;

    /// <summary>
    /// Publishes (or with <paramref name="dryRun"/> only reads and tells) each image; stops at the first failure. An image
    /// planned for another platform than linux/amd64, or for several, is published as an OCI index of its platforms.
    /// </summary>
    public async Task<IReadOnlyList<PublishOutcome>> PublishAsync(IReadOnlyList<ImageSpec> images, bool dryRun, CancellationToken cancellationToken)
    {
        await registry.CheckAccessAsync(cancellationToken);
        await RefuseToDropPlatformsAsync(images, cancellationToken);
        foreach (var platforms in images.GroupBy(i => i.PublishedTag).Select(g => g.ToList()))
        {
            if (platforms is [var single] && single.Tag == single.PublishedTag)
                await PublishAsync(single, single.Tag, withAliases: true, dryRun, cancellationToken);
            else
                await PublishIndexedAsync(platforms, dryRun, cancellationToken);
        }
        return done;
    }

    /// <summary>
    /// A tag published as an index keeps its platforms: a run that builds fewer of them (--platform defaults to this
    /// machine's) would put its images over the tag, and users of the others would lose it. Checked for every tag before
    /// anything is pushed, so such a run changes nothing in the registry.
    /// </summary>
    /// <exception cref="InputException">A tag's index has a platform this run does not build.</exception>
    async Task RefuseToDropPlatformsAsync(IReadOnlyList<ImageSpec> images, CancellationToken cancellationToken)
    {
        foreach (var tag in images.GroupBy(i => i.PublishedTag))
        {
            if (await registry.GetManifestAsync(tag.Key, cancellationToken) is not { } published) continue;
            // Only the platforms the pipeline builds count (an index may also list attestations as unknown/unknown).
            var offered = ImageIndex.Entries(published).Select(e => e.Platform).Where(Platform.Known.Contains).Distinct().ToList();
            var building = tag.Select(i => i.Platform).Distinct().ToList();
            var dropped = offered.Except(building).ToList();
            if (dropped.Count == 0) continue;
            throw new InputException($"{Target.Reference(tag.Key)} is published for {string.Join(" and ", offered)}; this run builds it for " +
                $"{string.Join(" and ", building)} only, and publishing would take {string.Join(" and ", dropped)} away from its users: " +
                $"run with --platform {string.Join(',', building.Union(offered).OrderBy(p => p.Id, StringComparer.Ordinal))}");
        }
    }

    /// <summary>The tag one platform's image is pushed under before the index names it: 11.8.0-base-debian12-arm64.</summary>
    public static string PlatformTag(ImageSpec image) => $"{image.PublishedTag}-{image.Platform.Architecture}";

    // Every platform must be publishable before any is pushed: the published tag and its aliases move only when all passed.
    async Task PublishIndexedAsync(IReadOnlyList<ImageSpec> platforms, bool dryRun, CancellationToken cancellationToken)
    {
        var tag = platforms[0].PublishedTag;
        foreach (var image in platforms)
        {
            var local = await engine.InspectImageAsync(image.Reference, cancellationToken);
            var blocked = local is null ? $"not built: the engine has no {image.Reference}" : gate.BlockedBecause(image, local.Id);
            if (blocked is null) continue;
            var reason = $"{image.Platform}: {blocked}; {tag} is published only when every platform ({string.Join(", ", platforms.Select(p => p.Platform))}) passed";
            foreach (var each in platforms)
            {
                log.WriteLine($"{each.Tag}: not published: {reason}");
                done.Add(new PublishOutcome(each, Target.Reference(PlatformTag(each)), PublishAction.Skipped, null, null, [], reason));
            }
            return;
        }

        var outcomes = new List<PublishOutcome>();
        foreach (var image in platforms)
            outcomes.Add((await PublishAsync(image, PlatformTag(image), withAliases: false, dryRun, cancellationToken))!);
        var manifests = outcomes.Where(o => o.Manifest is not null).Select(o => (o.Image.Platform, o.Manifest!)).ToList();
        if (manifests.Count < outcomes.Count && !dryRun)
            throw new RegistryException($"{tag}: not every platform's image was verified in the registry; publish again");
        var index = manifests.Count < outcomes.Count
            ? new IndexOutcome(tag, PublishAction.WouldPush, null, [.. platforms.Select(p => new IndexEntry(p.Platform, ""))], [.. platforms[0].Aliases.Select(a => new AliasMove(a, null, null))])
            : await new IndexPublisher(registry, log, attachments).PublishAsync(tag, platforms[0].Aliases, manifests, dryRun, cancellationToken);
        foreach (var outcome in outcomes)
            done[done.IndexOf(outcome)] = outcome with { Index = index, Aliases = index.Aliases };
    }

    // Each outcome joins Done as soon as its fixed tag is in the registry, and its alias list grows with every verified
    // move: a failure part-way through an image still leaves publish.json saying what the registry has.
    async Task<PublishOutcome?> PublishAsync(ImageSpec image, string tag, bool withAliases, bool dryRun, CancellationToken cancellationToken)
    {
        var remote = Target.Reference(tag);
        var local = await engine.InspectImageAsync(image.Reference, cancellationToken);
        // BuildImages reuses from the registry only an image published under its own tag, never one platform of an index.
        if (tag == image.Tag && CurrentInRegistry(image) is { } current && (local is null || local.Id == current.ImageId))
            return await StillPublishedAsync(image, tag, current, withAliases, dryRun, cancellationToken);
        if (local is null)
            return Skip($"not built: the engine has no {image.Reference}");
        if (gate.BlockedBecause(image, local.Id) is { } blocked)
            return Skip(blocked);
        attachments?.CheckReady(image);

        var manifest = await registry.GetManifestAsync(tag, cancellationToken);
        PublishAction action;
        if (manifest is not null && Holds(manifest, local.Id))
        {
            action = PublishAction.AlreadyPublished;
            log.WriteLine($"{tag}: already published as {manifest.Digest}; nothing pushed");
        }
        else if (dryRun)
        {
            log.WriteLine($"{tag}: would push {remote} (image {local.Id}" +
                          (manifest is null ? ", tag not in the registry yet)" : $", replacing {manifest.Digest})"));
            var wouldMove = new List<AliasMove>();
            var would = new PublishOutcome(image, remote, PublishAction.WouldPush, local.Id, null, wouldMove, null);
            done.Add(would);
            if (withAliases) await AliasesAsync(image, null, dryRun, wouldMove, cancellationToken);
            return would;
        }
        else
        {
            manifest = await PushAndVerifyAsync(image, tag, local.Id, remote, cancellationToken);
            action = PublishAction.Pushed;
        }

        var moves = new List<AliasMove>();
        var outcome = new PublishOutcome(image, remote, action, local.Id, manifest, moves, null);
        done.Add(outcome);
        // Aliases only after the fixed tag and the attachments are verified: an alias never names a digest its fixed tag
        // does not have, nor an image not yet signed.
        if (attachments is not null && manifest is not null)
            done[^1] = outcome = outcome with { Attachments = await attachments.AttachAsync(image, manifest, action == PublishAction.AlreadyPublished, cancellationToken) };
        if (withAliases) await AliasesAsync(image, manifest, dryRun, moves, cancellationToken);
        return outcome;

        PublishOutcome? Skip(string reason)
        {
            log.WriteLine($"{image.Tag}: not published: {reason}");
            done.Add(new PublishOutcome(image, remote, PublishAction.Skipped, null, null, [], reason));
            return null;
        }
    }

    ImageBuildRecord? CurrentInRegistry(ImageSpec image) =>
        built?.FirstOrDefault(r => r.Tag == image.Tag && r.IsCurrentIn(Target.Name));

    async Task<PublishOutcome?> StillPublishedAsync(ImageSpec image, string tag, ImageBuildRecord current, bool withAliases, bool dryRun,
        CancellationToken cancellationToken)
    {
        var remote = Target.Reference(tag);
        var manifest = await registry.GetManifestAsync(tag, cancellationToken);
        if (manifest is null || !Holds(manifest, current.ImageId!))
        {
            var reason = $"BuildImages found it current in the registry as {current.RegistryDigest}, but {remote} now names {manifest?.Digest ?? "nothing"}; run BuildImages again";
            log.WriteLine($"{image.Tag}: not published: {reason}");
            done.Add(new PublishOutcome(image, remote, PublishAction.Skipped, null, null, [], reason));
            return null;
        }
        log.WriteLine($"{tag}: current in registry as {manifest.Digest} (not rebuilt); nothing pushed");
        var moves = new List<AliasMove>();
        var outcome = new PublishOutcome(image, remote, PublishAction.AlreadyPublished, current.ImageId, manifest, moves, null) { CurrentInRegistry = true };
        done.Add(outcome);
        // A run that crashed after the push left the digest unsigned: the aliases wait for its attachments here too.
        if (attachments is not null && !dryRun)
            done[^1] = outcome = outcome with { Attachments = await attachments.AttachAsync(image, manifest, alreadyPublished: true, cancellationToken) };
        if (withAliases) await AliasesAsync(image, manifest, dryRun, moves, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Whether the manifest is this local image: its config is the image (classic engines, where the image ID is the
    /// config digest), or the manifest is (engines on the containerd image store, where the ID is the manifest digest).
    /// </summary>
    static bool Holds(Manifest manifest, string imageId) => manifest.ConfigDigest == imageId || manifest.Digest == imageId;

    async Task<Manifest> PushAndVerifyAsync(ImageSpec image, string tag, string imageId, string remote, CancellationToken cancellationToken)
    {
        log.WriteLine($"{tag}: pushing {remote}");
        // The engine pushes a name, so the image gets the registry's name for the push, and loses it again afterwards
        // (also when an earlier, killed run left it behind): the engine keeps only the names the build gave.
        await engine.TagImageAsync(imageId, remote, cancellationToken);
        PushedManifest pushed;
        try
        {
            pushed = await pushPipeline.ExecuteAsync(
                async token => await pusher.PushImageAsync(remote, Target.CredentialKey, credential, token), cancellationToken);
        }
        finally
        {
            if (remote != image.Reference)
                try
                {
                    await engine.RemoveImageAsync(remote, CancellationToken.None);
                }
                catch (Exception e) when (e is EngineRequestException or EngineUnavailableException)
                {
                    log.WriteLine($"{image.Tag}: could not remove the local name {remote}: {e.Message}"); // the push's own outcome matters more
                }
        }

        var manifest = await registry.GetManifestAsync(tag, cancellationToken)
            ?? throw new RegistryException($"{remote}: the engine reported {pushed.Digest}, but the registry has no such tag; publish again");
        if (manifest.Digest != pushed.Digest)
            throw new RegistryException($"{remote}: the registry has {manifest.Digest}, but the push reported {pushed.Digest} (did someone else push the same tag?); publish again");
        if (!Holds(manifest, imageId))
            throw new RegistryException($"{remote}: the registry's manifest {manifest.Digest} names config {manifest.ConfigDigest ?? "(none)"}, not the image {imageId}; publish again");
        log.WriteLine($"{tag}: pushed {manifest.Digest} ({CudaImages.Size.Format(manifest.CompressedBytes)} compressed), verified in the registry");
        return manifest;
    }

    async Task AliasesAsync(ImageSpec image, Manifest? manifest, bool dryRun, List<AliasMove> moves, CancellationToken cancellationToken)
    {
        foreach (var alias in image.Aliases)
        {
            var old = await registry.GetManifestDigestAsync(alias, cancellationToken);
            var move = new AliasMove(alias, old, manifest?.Digest);
            if (!move.Moves || dryRun || manifest is null)
            {
                moves.Add(move);
                if (move.Moves)
                    log.WriteLine($"{image.Tag}: would move {alias}: {old ?? "(none)"} → {manifest?.Digest ?? "(the digest of the push)"}");
                continue;
            }
            await registry.PutManifestAsync(alias, manifest, cancellationToken);
            var now = await registry.GetManifestDigestAsync(alias, cancellationToken);
            if (now != manifest.Digest)
                throw new RegistryException($"{Target.Reference(alias)}: put as {manifest.Digest}, but the registry now names {now ?? "nothing"}; publish again");
            moves.Add(move);
            log.WriteLine($"{image.Tag}: moved {alias}: {old ?? "(none)"} → {manifest.Digest}, verified");
        }
    }

    static ResiliencePipeline PushPipeline(RegistryRetry retry, TextWriter log) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ImagePushException>(e => e.Transient),
            MaxRetryAttempts = retry.Retries,
            Delay = retry.FirstDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            OnRetry = args =>
            {
                log.WriteLine($"{args.Outcome.Exception!.Message}; retry {args.AttemptNumber + 1} of {retry.Retries} in {args.RetryDelay.TotalSeconds:0.0} s");
                return default;
            },
        })
        .Build();
}
