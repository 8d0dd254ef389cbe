using System.Collections.Concurrent;
using System.Diagnostics;
using CudaImages.Docker;
using CudaImages.Model;
using CudaImages.Planning;

namespace CudaImages.Building;

public sealed record BuildOptions(
    int Parallelism,
    bool Force,
    string? AptProxy,
    string Revision,
    string LogsDirectory,
    string LabelPrefix)
{
    /// <summary>The network RUN steps use: null for the engine's default (bridge), "host" to reach services on 127.0.0.1.</summary>
    public string? Network { get; init; }
}

/// <summary>BuildImages --build-network: host lets RUN steps reach a package repository or apt proxy listening on 127.0.0.1.</summary>
public enum BuildNetwork { Default, Host }

/// <summary>
/// Builds a plan on the engine as a DAG: parents before children, each child FROM its parent's exact image ID, independent
/// chains at the same time (bounded by Parallelism). An image whose input hash and parent already match the image under its
/// tag is skipped; with a registry, so is one whose fixed tag there holds such an image (current in registry: not pulled
/// unless a child has to be built on it). A failed image leaves its descendants NotRun while the rest go on; a build is
/// tagged only once it succeeded. Each tag is inspected once per builder: the disk estimate's look is reused when the
/// image's turn comes.
/// </summary>
public sealed class ImageBuilder(IDockerEngine engine, BuildOptions options, IRegistryImages? registry = null)
{
    // What each tag held when this builder looked; a tag it moved is forgotten, so the next look sees the new image.
    // A parent rebuilt in this run needs no new look at the child: the child's decision compares against the new parent ID.
    readonly ConcurrentDictionary<string, ImageInfo?> inspected = new();
    readonly ConcurrentDictionary<string, Task<RegistryImage?>> published = new();
    // Siblings built on one parent that is only in the registry share one pull.
    readonly ConcurrentDictionary<string, Lazy<Task>> pulls = new();
    // Why the registry's image with the same inputs was not reused (its signature is not this run's key's), by tag.
    readonly ConcurrentDictionary<string, string> notReused = new();
    // The plan being built or decided on: which images are published as one platform of an index.
    BuildPlan plan = new("", []);

    string InputHashLabel => ImageLabels.InputHash(options.LabelPrefix);
    string ParentIdLabel => ImageLabels.ParentId(options.LabelPrefix);

    /// <summary>What already holds what the plan asks for: the local tag (Skipped) or the registry's fixed tag (CurrentInRegistry).</summary>
    sealed record Current(ImageBuildStatus Status, string ImageId, RegistryImage? Published);

    /// <summary>Decides, without building, which images would be built: neither their tag nor the registry holds what the plan asks for.</summary>
    public async Task<IReadOnlyList<ImageSpec>> ToBuildAsync(BuildPlan plan, IReadOnlyDictionary<string, string> baseImageIds, CancellationToken cancellationToken)
    {
        this.plan = plan;
        if (options.Force) return plan.Images;
        var current = new Dictionary<string, string>(baseImageIds);
        var toBuild = new List<ImageSpec>();
        foreach (var image in plan.Images)
        {
            var parentId = image.Parent is { } p ? current.GetValueOrDefault(plan.Find(p)!.Reference) : baseImageIds.GetValueOrDefault(image.BaseImage);
            if (parentId is not null && await CurrentAsync(image, parentId, cancellationToken) is { } found)
                current[image.Reference] = found.ImageId;
            else
                toBuild.Add(image);
        }
        return toBuild;
    }

    public async Task<IReadOnlyList<ImageBuildRecord>> BuildAsync(BuildPlan plan, IReadOnlyDictionary<string, string> baseImageIds,
        IBuildProgress progress, CancellationToken cancellationToken)
    {
        this.plan = plan;
        Directory.CreateDirectory(options.LogsDirectory);
        using var slots = new SemaphoreSlim(Math.Max(1, options.Parallelism));
        var tasks = new Dictionary<string, Task<ImageBuildRecord>>();
        foreach (var image in plan.Images)
        {
            var parent = image.Parent is { } p ? tasks[p] : null;
            tasks[image.Tag] = BuildOneAsync(image, parent, baseImageIds, slots, progress, cancellationToken);
        }
        return await Task.WhenAll(tasks.Values);
    }

    async Task<ImageBuildRecord> BuildOneAsync(ImageSpec image, Task<ImageBuildRecord>? parentTask,
        IReadOnlyDictionary<string, string> baseImageIds, SemaphoreSlim slots, IBuildProgress progress, CancellationToken cancellationToken)
    {
        string parentId;
        ImageBuildRecord? parent = null;
        if (parentTask is not null)
        {
            parent = await parentTask;
            if (parent.Status is ImageBuildStatus.Failed or ImageBuildStatus.NotRun || parent.ImageId is null)
                return Finish(progress, Record(image, ImageBuildStatus.NotRun, null, null, 0, null,
                    parent.Status == ImageBuildStatus.Failed ? $"parent {parent.Tag} failed" : $"parent {parent.Tag} was not built"));
            parentId = parent.ImageId;
        }
        else
            parentId = baseImageIds[image.BaseImage]; // BaseImages.EnsureAsync put every base in, or stopped the run

        if (cancellationToken.IsCancellationRequested)
            return Finish(progress, Record(image, ImageBuildStatus.NotRun, null, parentId, 0, null, "cancelled"));

        await slots.WaitAsync(CancellationToken.None);
        try
        {
            return Finish(progress, await BuildOrSkipAsync(image, parentId, parent, progress, cancellationToken));
        }
        finally
        {
            slots.Release();
        }
    }

    async Task<ImageBuildRecord> BuildOrSkipAsync(ImageSpec image, string parentId, ImageBuildRecord? parent, IBuildProgress progress,
        CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            return Record(image, ImageBuildStatus.NotRun, null, parentId, 0, null, "cancelled");
        var logPath = Path.Combine(options.LogsDirectory, $"{image.Tag}.log");
        var watch = Stopwatch.StartNew();
        StreamWriter? log = null;
        try
        {
            switch (await CurrentAsync(image, parentId, cancellationToken))
            {
                case { Published: { } there } current:
                    var cached = Record(image, ImageBuildStatus.CurrentInRegistry, current.ImageId, parentId, 0, null,
                        $"current in registry as {there.DigestReference}: not rebuilt, not pulled") with
                    { Registry = there.Repository, RegistryDigest = there.Digest };
                    if (there.MissingAttestations.Count == 0) return cached;
                    // Its SBOMs are written from the image itself, so a digest a crashed run left unattested comes here once.
                    await EnsurePulledAsync(cached, TextWriter.Null, cancellationToken);
                    return cached with
                    {
                        Note = $"current in registry as {there.DigestReference}: not rebuilt; pulled, for its SBOMs, since its digest lacks {string.Join("; ", there.MissingAttestations)}",
                    };
                case { } current:
                    return Record(image, ImageBuildStatus.Skipped, current.ImageId, parentId, 0, null, "input hash unchanged");
            }

            progress.Started(image);
            log = new StreamWriter(logPath, append: false) { AutoFlush = true };
            if (parent is { Status: ImageBuildStatus.CurrentInRegistry })
                await EnsurePulledAsync(parent, log, cancellationToken);
            await log.WriteLineAsync($"# {image.Reference} FROM {parentId}, input {image.InputHash}");
            using var context = BuildContextTar.Create(image);
            var buildArgs = new Dictionary<string, string> { ["PARENT_IMAGE"] = parentId, ["REVISION"] = options.Revision };
            if (options.AptProxy is { Length: > 0 } proxy) buildArgs["APT_PROXY"] = proxy;
            var labels = new Dictionary<string, string> { [ParentIdLabel] = parentId };
            var id = await engine.BuildImageAsync(context, buildArgs, labels, noCache: options.Force, options.Network, log,
                step => progress.Step(image, step), cancellationToken, image.Platform.Id);
            inspected.TryRemove(image.Reference, out _);
            await engine.TagImageAsync(id, image.Reference, CancellationToken.None);
            return Record(image, ImageBuildStatus.Built, id, parentId, watch.Elapsed.TotalSeconds, logPath, notReused.GetValueOrDefault(image.Tag));
        }
        catch (ImageBuildException e)
        {
            await (log?.WriteLineAsync($"# failed at {e.Step}: {e.Message}") ?? Task.CompletedTask);
            return Record(image, ImageBuildStatus.Failed, null, parentId, watch.Elapsed.TotalSeconds, logPath, e.Message)
                with
            { FailedStep = e.Step, LastLines = e.LastLines };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await (log?.WriteLineAsync("# cancelled; nothing was tagged") ?? Task.CompletedTask);
            return Record(image, ImageBuildStatus.NotRun, null, parentId, watch.Elapsed.TotalSeconds, logPath, "cancelled while building");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The engine went away or refused the tag: this image failed, the others' records still get written.
            await (log?.WriteLineAsync($"# failed: {e.Message}") ?? Task.CompletedTask);
            return Record(image, ImageBuildStatus.Failed, null, parentId, watch.Elapsed.TotalSeconds, log is null ? null : logPath, e.Message);
        }
        finally
        {
            if (log is not null) await log.DisposeAsync();
        }
    }

    async Task<Current?> CurrentAsync(ImageSpec image, string parentId, CancellationToken cancellationToken)
    {
        if (options.Force) return null;
        if (await InspectAsync(image.Reference, cancellationToken) is { } existing && UpToDate(existing.Labels, image, parentId))
            return new Current(ImageBuildStatus.Skipped, existing.Id, null);
        // Only an image published under its own tag is looked up: one platform of an OCI index is not reused from the registry yet
        // (its tag there names the index, or an earlier single-platform push; Publish needs every platform's local image for an index).
        if (registry is not null && !plan.PublishedInIndex(image) && await FindPublishedAsync(image.Tag, cancellationToken) is { } there
            && UpToDate(there.Labels, image, parentId))
        {
            if (there.NotOurs is null) return new Current(ImageBuildStatus.CurrentInRegistry, there.ImageId, there);
            notReused[image.Tag] = $"rebuilt, not reused from the registry: {there.DigestReference}: {there.NotOurs}";
        }
        return null;
    }

    /// <summary>A child is built FROM its parent's ID: a parent that is only in the registry comes into the engine first, once.</summary>
    async Task EnsurePulledAsync(ImageBuildRecord parent, TextWriter log, CancellationToken cancellationToken)
    {
        var pull = pulls.GetOrAdd(parent.Tag, _ => new Lazy<Task>(() => PullAsync(parent, cancellationToken)));
        await log.WriteLineAsync($"# pulling {parent.Tag} ({parent.Registry}@{parent.RegistryDigest}): it is current in the registry");
        await pull.Value;
    }

    async Task PullAsync(ImageBuildRecord parent, CancellationToken cancellationToken)
    {
        if (await engine.InspectImageAsync(parent.ImageId!, cancellationToken) is not null) return;
        var there = await FindPublishedAsync(parent.Tag, cancellationToken)
            ?? throw new InvalidOperationException($"the parent {parent.Tag} left {registry!.Repository} while this run was building its children; build again");
        var id = await registry!.PullAsync(there, parent.Reference, cancellationToken);
        inspected.TryRemove(parent.Reference, out _);
        if (id != parent.ImageId)
            throw new InvalidOperationException(
                $"pulled {there.DigestReference} as image {id}, not {parent.ImageId} (its config digest): this engine names images otherwise (containerd image store?); build with --force");
    }

    Task<RegistryImage?> FindPublishedAsync(string tag, CancellationToken cancellationToken) =>
        published.GetOrAdd(tag, t => registry!.FindAsync(t, cancellationToken));

    async Task<ImageInfo?> InspectAsync(string reference, CancellationToken cancellationToken)
    {
        if (inspected.TryGetValue(reference, out var known)) return known;
        return inspected[reference] = await engine.InspectImageAsync(reference, cancellationToken);
    }

    bool UpToDate(IReadOnlyDictionary<string, string> labels, ImageSpec image, string parentId) =>
        labels.GetValueOrDefault(InputHashLabel) == image.InputHash &&
        labels.GetValueOrDefault(ParentIdLabel) == parentId;

    static ImageBuildRecord Finish(IBuildProgress progress, ImageBuildRecord record)
    {
        progress.Finished(record);
        return record;
    }

    static ImageBuildRecord Record(ImageSpec image, ImageBuildStatus status, string? id, string? parentId, double seconds, string? log, string? note) =>
        new(image.Tag, image.Reference, status, id, image.InputHash, parentId, Math.Round(seconds, 2), log, note)
        { PackageSet = image.PackageSet };
}
