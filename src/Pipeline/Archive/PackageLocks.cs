using CudaImages.Docker;
using CudaImages.Locking;
using CudaImages.Model;
using CudaImages.Planning;

namespace CudaImages.Archive;

/// <summary>The lock files as the archive resolves the selected images now, and how that differs from what they say.</summary>
public sealed record LockResolution(IReadOnlyList<(LockFile File, string Path)> Files, IReadOnlyList<ImageLock> Images, IReadOnlyList<PackageChange> Changes, TimeSpan Duration);

/// <summary>./build.sh Lock: resolves the selected images against the archive (<see cref="ArchiveResolver"/>) and compares or rewrites their distros' lock files.</summary>
public sealed class PackageLocks(IDockerEngine engine)
{
    public async Task<LockResolution> ResolveAsync(ImageMatrix matrix, Selection selection, string? repository, CancellationToken cancellationToken)
    {
        // Planned without the locks: apt is asked for the named packages, not the locked versions.
        var plan = Planner.Plan(matrix with { Locks = [] }, selection, repository);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var chains = await new ArchiveResolver(engine).ProbeAsync(plan.Images, resolve: true, cancellationToken);
        var resolved = chains.SelectMany(c => c.Images).ToList();
        var candidates = Planner.Candidates(matrix);

        var files = new List<(LockFile, string)>();
        var changes = new List<PackageChange>();
        foreach (var distro in plan.Images.Select(i => i.Distro).DistinctBy(d => d.Id))
        {
            var existing = matrix.LockOf(distro);
            var mine = resolved.Where(r => plan.Find(r.Tag)!.Distro.Id == distro.Id).ToList();
            changes.AddRange(mine.SelectMany(r => PackageChange.Between(r.Tag, existing?.Find(r.Tag), r)));
            // Every platform the distro offers keeps its own sections: locking one platform leaves the others' as they are.
            var tags = candidates.Where(c => c.Distro.Id == distro.Id).SelectMany(c => c.Distro.Platforms.Select(p => c.Tag + p.TagSuffix)).ToHashSet();
            var file = (existing ?? new LockFile(distro.Id, $"images/{LockFile.Folder}/{LockFile.FileName(distro.Id)}", [])).With(mine, tags.Contains);
            changes.AddRange((existing?.Images ?? []).Where(i => !tags.Contains(i.Tag))
                .SelectMany(i => PackageChange.Between(i.Tag, i, new ImageLock(i.Tag, []))));
            files.Add((file, Path.Combine(matrix.ImagesDirectory, LockFile.Folder, LockFile.FileName(distro.Id))));
        }
        return new LockResolution(files, resolved, changes, clock.Elapsed);
    }

    /// <summary>
    /// The problems of lock files that did not parse (<see cref="ImageMatrix.UnreadableLocks"/>) and that Lock writes again
    /// because their distro is among <paramref name="selected"/>; one of another distro stays an error (it would stay broken).
    /// </summary>
    public static IReadOnlyList<MatrixError> Unreadable(ImageMatrix matrix, IEnumerable<Distro> selected)
    {
        var rewritten = selected.Select(d => $"images/{LockFile.Folder}/{LockFile.FileName(d.Id)}").ToHashSet();
        var left = matrix.UnreadableLocks.Where(e => !rewritten.Contains(e.File)).ToList();
        if (left.Count > 0) throw new MatrixException(left);
        return matrix.UnreadableLocks;
    }

    /// <summary>
    /// Stops a build whose locked versions the archive no longer offers (a point release replaced them), before anything
    /// is built: one sentence with each package, locked → now available, and the fix.
    /// </summary>
    public async Task CheckAvailableAsync(IReadOnlyList<ImageSpec> images, CancellationToken cancellationToken)
    {
        var locked = images.Where(i => i.Lock is not null).ToList();
        if (locked.Count == 0) return;
        var chains = await new ArchiveResolver(engine).ProbeAsync(locked, resolve: false, cancellationToken);
        var available = chains.ToDictionary(c => (c.Distro, c.Cuda, c.Platform), c => c.Available);
        var gone = locked
            .SelectMany(i => i.Lock!.Packages.Select(p => (Image: i, Package: p, Offered: available[(i.Distro.Id, i.Cuda.Full, i.Platform)].GetValueOrDefault(p.Name) ?? [])))
            .Where(x => !x.Offered.Contains(x.Package.Version))
            .GroupBy(x => (x.Package.Name, x.Package.Version))
            .Select(g => $"{g.Key.Name} {g.Key.Version} → {(g.First().Offered.Count == 0 ? "none" : string.Join(" or ", g.First().Offered))} ({string.Join(", ", g.Select(x => x.Image.Tag))})")
            .ToList();
        if (gone.Count > 0)
            throw new InputException($"the archive no longer has the locked versions of {gone.Count} package(s): {string.Join("; ", gone)}; run ./build.sh Lock" +
                                     $" --distro {string.Join(' ', locked.Select(i => i.Distro.Id).Distinct())} and commit the lock");
    }
}
