using CudaImages.Loading;
using CudaImages.Model;
using Semver;

namespace CudaImages.Planning;

/// <summary>
/// From the matrix and the user's selection to the build plan: every combination not excluded,
/// aliases over the whole matrix, the selection with its parents, each image planned, rendered and hashed.
/// </summary>
public static class Planner
{
    public sealed record Candidate(CudaRelease Cuda, Distro Distro, Flavor Flavor)
    {
        public string Tag => ImageTag.Of(Cuda, Flavor.Id, Distro.Id);
    }

    public static BuildPlan Plan(ImageMatrix matrix, Selection selection, string? repository = null)
    {
        repository ??= matrix.Settings.Repository;
        if (!ImageName.IsRepository(repository))
            throw new InputException($"--repository {repository}: not an image repository; use lower-case letters, digits and . _ - /, optionally after a registry host (localhost:5000/cuda)");
        var all = Candidates(matrix);
        var aliases = FloatingTags.For(all.Select(c => (c.Cuda, c.Flavor.Id, c.Distro.Id)));
        var selected = Select(matrix, all, selection);
        // Each platform a distro builds for has its own sections, under the local tag (11.8.0-base-debian12-arm64).
        var stale = matrix.Locks.SelectMany(l => LockedPackages.Stale(l, all.Where(c => c.Distro.Id == l.Distro)
            .SelectMany(c => c.Distro.Platforms.Select(p => c.Tag + p.TagSuffix)).ToHashSet())).ToList();
        if (stale.Count > 0) throw new MatrixException(stale);
        var platforms = PlatformChoice.For(matrix, selected, selection);

        var planner = new ImagePlanner(matrix);
        var specs = new System.Collections.Concurrent.ConcurrentDictionary<string, ImageSpec>();
        // A chain (one release on one distro) plans parents first; chains are independent.
        try
        {
            Parallel.ForEach(platforms.SelectMany(p => selected.Where(c => c.Distro.Platforms.Contains(p)).GroupBy(c => (c.Distro.Id, c.Cuda.Full, p))),
                chain => PlanChain(chain.Key.p, chain));
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<InputException>().FirstOrDefault() is { } first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }

        void PlanChain(Platform platform, IEnumerable<Candidate> chain)
        {
            foreach (var candidate in chain)
            {
                var parent = candidate.Flavor.Parent is { } p
                    ? specs[ImageTag.Of(candidate.Cuda, p, candidate.Distro.Id) + platform.TagSuffix]
                    : null;
                specs[candidate.Tag + platform.TagSuffix] = planner.Plan(candidate.Cuda, candidate.Distro, candidate.Flavor, platform, parent, aliases[candidate.Tag], repository);
            }
        }
        // Platform by platform, each in the matrix's order (parents before children).
        var ordered = platforms.SelectMany(p => selected.Where(c => c.Distro.Platforms.Contains(p)).Select(c => specs[c.Tag + p.TagSuffix])).ToList();
        return new BuildPlan(repository, ordered);
    }

    /// <summary>The whole matrix, parents before children: distro by distro, release by release, flavor chain order.</summary>
    public static List<Candidate> Candidates(ImageMatrix matrix)
    {
        var candidates = new List<Candidate>();
        foreach (var distro in matrix.Distros)
            foreach (var version in distro.Cuda.OrderBy(v => v, SemVersion.PrecedenceComparer))
            {
                var cuda = matrix.Release(version);
                foreach (var flavor in matrix.Flavors)
                {
                    if (!matrix.Has(cuda, distro, flavor)) continue;
                    candidates.Add(new Candidate(cuda, distro, flavor));
                }
            }
        return candidates;
    }

    static List<Candidate> Select(ImageMatrix matrix, List<Candidate> all, Selection selection)
    {
        CheckNamesExist(matrix, selection);
        // A line (12.1) picks its newest patch, per distro, among the releases the distro offers.
        var newestOfLine = selection.Cuda.Where(CudaSelector.IsLine).Distinct()
            .SelectMany(line => all.Where(c => CudaSelector.Matches(line, c.Cuda.Version))
                .GroupBy(c => c.Distro.Id)
                .Select(g => (Key: (line, g.Key), Newest: g.Select(c => c.Cuda.Version).Max(SemVersion.PrecedenceComparer)!)))
            .ToDictionary(x => x.Key, x => x.Newest);
        var chosen = all.Where(c => Matches(c, selection, newestOfLine)).ToList();
        if (chosen.Count == 0) throw Empty(matrix, all, selection);

        // Selecting an image selects its parents: a child is built FROM them.
        var byTag = all.ToDictionary(c => c.Tag);
        var wanted = new HashSet<string>(chosen.Select(c => c.Tag));
        foreach (var candidate in chosen)
        {
            for (var current = candidate; current.Flavor.Parent is { } parent;)
            {
                current = byTag[ImageTag.Of(current.Cuda, parent, current.Distro.Id)];
                if (!wanted.Add(current.Tag)) break; // chosen itself, or reached before: its chain is covered
            }
        }
        return all.Where(c => wanted.Contains(c.Tag)).ToList();
    }

    static bool Matches(Candidate c, Selection s, Dictionary<(string Line, string Distro), SemVersion> newestOfLine) =>
        (s.Distros.Count == 0 || s.Distros.Contains(c.Distro.Id)) &&
        (s.Flavors.Count == 0 || s.Flavors.Contains(c.Flavor.Id)) &&
        (s.Images.Count == 0 || s.Images.Any(glob => Glob.Matches(glob, c.Tag))) &&
        (s.Cuda.Count == 0 || s.Cuda.Any(selector => CudaSelector.Matches(selector, c.Cuda.Version) &&
            (!CudaSelector.IsLine(selector) || newestOfLine[(selector, c.Distro.Id)].ComparePrecedenceTo(c.Cuda.Version) == 0)));

    static void CheckNamesExist(ImageMatrix matrix, Selection selection)
    {
        var problems = new List<string>();
        foreach (var cuda in selection.Cuda)
        {
            if (!CudaSelector.IsValid(cuda))
                problems.Add($"--cuda {cuda}: not a CUDA version; write 12, 12.4 or 12.4.1");
            else if (!matrix.Releases.Any(r => CudaSelector.Matches(cuda, r.Version)))
                problems.Add($"--cuda {cuda}: no such CUDA release in images/cuda.yaml; it has {string.Join(", ", matrix.Releases.Select(r => r.Full))}");
        }
        foreach (var distro in selection.Distros.Where(d => matrix.Distros.All(x => x.Id != d)))
            problems.Add($"--distro {distro}: no such distro in images/distros.yaml; {ClosestNames.Hint(distro, matrix.Distros.Select(d => d.Id))}");
        foreach (var flavor in selection.Flavors.Where(f => matrix.Flavors.All(x => x.Id != f)))
            problems.Add($"--flavor {flavor}: no such flavor in images/flavors.yaml; {ClosestNames.Hint(flavor, matrix.Flavors.Select(f => f.Id))}");
        if (problems.Count > 0) throw new InputException(string.Join(Environment.NewLine, problems));
    }

    static InputException Empty(ImageMatrix matrix, List<Candidate> all, Selection selection)
    {
        var offers = matrix.Distros
            .Where(d => selection.Distros.Count == 0 || selection.Distros.Contains(d.Id))
            .Select(d => $"{d.Id}: CUDA {string.Join(", ", d.Cuda.Select(v => v.ToString()))}; flavors {string.Join(", ", all.Where(c => c.Distro == d).Select(c => c.Flavor.Id).Distinct())}");
        return new InputException(
            $"no image matches {selection}. The matrix has:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", offers));
    }
}
