using CudaImages.Reporting;

namespace CudaImages.Releasing;

/// <summary>
/// Compares this run's report.json with the previous release's. Images are matched by tag first; what is left is
/// matched by flavor + distro + CUDA line (12.4.0-runtime-debian13 → 12.4.1-runtime-debian13 is a bump, not a
/// removal and an addition). Every list comes out in one fixed order, so the same two reports give the same notes.
/// </summary>
public static class ReleaseComparison
{
    public static ReleaseChanges Compare(ReportFile? previous, ReportFile current, string? previousSource = null, SizeThreshold? threshold = null)
    {
        threshold ??= SizeThreshold.Default;
        var order = new ImageOrder(current.Images.Concat(previous?.Images ?? []));
        var (pairs, added, removed) = Match(previous?.Images ?? [], current.Images, order);

        var bumps = pairs.Where(p => p.Previous.Cuda != p.Current.Cuda)
            .Select(p => new CudaBump(CudaLine(p.Current.Cuda), p.Current.Flavor, p.Current.Distro, p.Previous.Cuda, p.Current.Cuda, p.Previous.Tag, p.Current.Tag))
            .ToList();
        var frameworks = pairs.Where(p => p.Previous.FrameworkVersion != p.Current.FrameworkVersion || p.Previous.Framework != p.Current.Framework)
            .Select(p => new FrameworkChange(p.Current.Tag, p.Current.Framework ?? p.Previous.Framework ?? p.Current.Flavor,
                p.Previous.FrameworkVersion, p.Current.FrameworkVersion))
            .ToList();
        var sizes = pairs.Where(p => p.Previous.SizeBytes is not null && p.Current.SizeBytes is not null)
            .Select(p => new SizeChange(p.Current.Tag, p.Previous.SizeBytes!.Value, p.Current.SizeBytes!.Value))
            .Where(threshold.IsMet)
            .ToList();

        return new ReleaseChanges(current, previous, previousSource, threshold,
            added, removed, bumps, frameworks,
            AliasMoves(previous?.Images ?? [], current.Images, order),
            sizes,
            pairs.SelectMany(SmokeChanges).ToList(),
            DriverFloors(previous?.Images ?? [], current.Images, order))
        {
            PackageChanges = [.. pairs.Select(p => new ImagePackageChanges(p.Current.Tag, PackageSetChange.Of(p.Previous, p.Current) ?? []))
                .Where(p => p.Changes.Count > 0)],
            PackagesNotCompared = [.. pairs.Where(p => PackageSetChange.Of(p.Previous, p.Current) is null).Select(p => p.Current.Tag)],
        };
    }

    /// <summary>Pairs in the current release's order; added in current order, removed in previous order.</summary>
    static (List<ImagePair> Pairs, List<ReportImage> Added, List<ReportImage> Removed) Match(
        IReadOnlyList<ReportImage> previous, IReadOnlyList<ReportImage> current, ImageOrder order)
    {
        var before = previous.OrderBy(i => i, order).ToList();
        var now = current.OrderBy(i => i, order).ToList();
        var matched = new Dictionary<ReportImage, ReportImage>(ReferenceEqualityComparer.Instance);

        foreach (var image in now)
            if (before.FirstOrDefault(p => p.Tag == image.Tag) is { } same)
                matched[image] = same;

        // What is left pairs up by line, newest with newest, so a line with two patches still pairs deterministically.
        var leftBefore = before.Where(p => !matched.Values.Contains(p)).ToList();
        foreach (var line in now.Where(i => !matched.ContainsKey(i)).GroupBy(Key))
        {
            var candidates = leftBefore.Where(p => Key(p) == line.Key).Reverse().ToList();
            foreach (var (image, old) in line.Reverse().Zip(candidates))
                matched[image] = old;
        }

        var pairs = now.Where(matched.ContainsKey).Select(i => new ImagePair(matched[i], i)).ToList();
        var added = now.Where(i => !matched.ContainsKey(i)).ToList();
        var removed = before.Where(p => !matched.Values.Contains(p)).ToList();
        return (pairs, added, removed);
    }

    static (string Flavor, string Distro, string Line) Key(ReportImage image) => (image.Flavor, image.Distro, CudaLine(image.Cuda));

    static IEnumerable<SmokeChange> SmokeChanges(ImagePair pair)
    {
        var names = pair.Current.Checks.Select(c => c.Name)
            .Concat(pair.Previous.Checks.Select(c => c.Name).Where(n => pair.Current.Checks.All(c => c.Name != n)));
        foreach (var name in names)
        {
            var before = pair.Previous.Checks.FirstOrDefault(c => c.Name == name);
            var now = pair.Current.Checks.FirstOrDefault(c => c.Name == name);
            if (before?.Status == now?.Status) continue;
            yield return new SmokeChange(pair.Current.Tag, name, before?.Status, now?.Status, now?.Reason ?? before?.Reason);
        }
    }

    /// <summary>Moves in image order (the alias's image now, else before), each image's aliases as it lists them.</summary>
    static List<AliasMove> AliasMoves(IReadOnlyList<ReportImage> previous, IReadOnlyList<ReportImage> current, ImageOrder order)
    {
        var before = Aliases(previous, order);
        var now = Aliases(current, order);
        var moves = new List<(ReportImage Image, int Index, AliasMove Move)>();
        foreach (var alias in before.Keys.Union(now.Keys))
        {
            var from = before.GetValueOrDefault(alias);
            var to = now.GetValueOrDefault(alias);
            var moved = from is null || to is null || from.Image.Tag != to.Image.Tag ||
                        (from.Image.Digest is not null && to.Image.Digest is not null && from.Image.Digest != to.Image.Digest);
            var at = to ?? from!;
            if (moved) moves.Add((at.Image, at.Index, new AliasMove(alias, Target(from), Target(to))));
        }
        return moves.OrderBy(m => m.Image, order).ThenBy(m => m.Index).ThenBy(m => m.Move.Alias, StringComparer.Ordinal).Select(m => m.Move).ToList();
    }

    static AliasTarget? Target(AliasAt? at) => at is null ? null : new AliasTarget(at.Image.Tag, at.Image.Digest);

    /// <summary>The image carrying an alias, and where the alias is in its list.</summary>
    sealed record AliasAt(ReportImage Image, int Index);

    static Dictionary<string, AliasAt> Aliases(IReadOnlyList<ReportImage> images, ImageOrder order)
    {
        var aliases = new Dictionary<string, AliasAt>();
        foreach (var image in images.OrderBy(i => i, order))
            for (var i = 0; i < image.Aliases.Count; i++)
                aliases.TryAdd(image.Aliases[i], new AliasAt(image, i));
        return aliases;
    }

    /// <summary>Floors are facts of a CUDA release, not of an image: one entry per CUDA line and per major.</summary>
    static List<DriverFloorChange> DriverFloors(IReadOnlyList<ReportImage> previous, IReadOnlyList<ReportImage> current, ImageOrder order)
    {
        var changes = new List<DriverFloorChange>();
        var majorsBefore = Newest(previous, i => CudaMajor(i.Cuda), order);
        foreach (var (major, image) in Newest(current, i => CudaMajor(i.Cuda), order))
        {
            var before = majorsBefore.GetValueOrDefault(major);
            if (before?.CompatibilityDriver != image.CompatibilityDriver)
                changes.Add(new DriverFloorChange($"CUDA {major}", DriverFloorKind.CompatibilityDriver, before?.CompatibilityDriver,
                    image.CompatibilityDriver, before is null ? "new major" : null));
        }
        var linesBefore = Newest(previous, i => CudaLine(i.Cuda), order);
        foreach (var (line, image) in Newest(current, i => CudaLine(i.Cuda), order))
        {
            var before = linesBefore.GetValueOrDefault(line);
            if (before?.MinimumDriver != image.MinimumDriver)
                changes.Add(new DriverFloorChange($"CUDA {line}", DriverFloorKind.MinimumDriver, before?.MinimumDriver, image.MinimumDriver,
                    before is null ? $"new line, CUDA {image.Cuda}" : before.Cuda != image.Cuda ? $"CUDA {before.Cuda} → {image.Cuda}" : null));
        }
        return changes;
    }

    /// <summary>The newest CUDA release's image per group, groups in version order.</summary>
    static SortedDictionary<string, ReportImage> Newest(IReadOnlyList<ReportImage> images, Func<ReportImage, string> group, ImageOrder order)
    {
        var newest = new SortedDictionary<string, ReportImage>(NaturalOrder.Instance);
        foreach (var image in images.OrderBy(i => i, order))
            newest[group(image)] = image;
        return newest;
    }

    public static string CudaLine(string cuda) => string.Join('.', cuda.Split('.').Take(2));

    public static string CudaMajor(string cuda) => cuda.Split('.')[0];
}

/// <summary>
/// Images by CUDA version (numerically), distro, then along the flavor chain (base before runtime before devel before
/// its frameworks: the depth of each image's parents among the images given), then flavor and tag.
/// </summary>
public sealed class ImageOrder : IComparer<ReportImage>
{
    readonly Dictionary<string, int> depths = new();

    public ImageOrder(IEnumerable<ReportImage> images)
    {
        var byTag = new Dictionary<string, ReportImage>();
        foreach (var image in images) byTag.TryAdd(image.Tag, image);
        foreach (var image in byTag.Values)
        {
            var depth = 0;
            for (var parent = image.Parent; parent is not null && depth <= byTag.Count; depth++)
                parent = byTag.GetValueOrDefault(parent)?.Parent;
            depths[image.Tag] = depth;
        }
    }

    public int Compare(ReportImage? x, ReportImage? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var order = NaturalOrder.Instance.Compare(x.Cuda, y.Cuda);
        if (order == 0) order = NaturalOrder.Instance.Compare(x.Distro, y.Distro);
        if (order == 0) order = depths.GetValueOrDefault(x.Tag).CompareTo(depths.GetValueOrDefault(y.Tag));
        if (order == 0) order = string.CompareOrdinal(x.Flavor, y.Flavor);
        return order != 0 ? order : NaturalOrder.Instance.Compare(x.Tag, y.Tag);
    }
}

/// <summary>Text with numbers compared as numbers: 11.8.0 before 12.4.1 before 12.10.0, debian12 before debian13.</summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null) return string.CompareOrdinal(x, y);
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var startX = i;
                var startY = j;
                while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                var a = x[startX..i].TrimStart('0');
                var b = y[startY..j].TrimStart('0');
                var byNumber = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                if (byNumber != 0) return byNumber;
                continue;
            }
            if (x[i] != y[j]) return x[i].CompareTo(y[j]);
            i++;
            j++;
        }
        var byRest = (x.Length - i).CompareTo(y.Length - j);
        return byRest != 0 ? byRest : string.CompareOrdinal(x, y);
    }
}
