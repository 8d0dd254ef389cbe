namespace CudaImages.Reporting;

/// <summary>
/// One Debian package of one image between two releases: added (no Old), removed (no New) or updated (Old → New).
/// Security: the new version is the one the lock took from a security suite (bookworm-security), as Lock --check marks it.
/// </summary>
public sealed record PackageSetChange(string Package, string? Old, string? New, bool Security)
{
    public string Kind => Old is null ? "added" : New is null ? "removed" : "updated";

    public override string ToString() =>
        Kind switch
        {
            "added" => $"{Package} {New} (added)",
            "removed" => $"{Package} {Old} (removed)",
            _ => $"{Package} {Old} → {New}",
        } + (Security ? " [security]" : "");

    /// <summary>
    /// The changes from <paramref name="previous"/> to <paramref name="current"/> (name:architecture → version, as
    /// MeasureSizes records them), by package; <paramref name="securityVersions"/>: name → version of the packages the lock
    /// takes from a security suite.
    /// </summary>
    public static IReadOnlyList<PackageSetChange> Between(IReadOnlyDictionary<string, string> previous, IReadOnlyDictionary<string, string> current,
        IReadOnlyDictionary<string, string> securityVersions) =>
        previous.Keys.Union(current.Keys).Order(StringComparer.Ordinal)
            .Select(package => (package, old: previous.GetValueOrDefault(package), now: current.GetValueOrDefault(package)))
            .Where(p => p.old != p.now)
            .Select(p => new PackageSetChange(p.package, p.old, p.now,
                p.now is not null && securityVersions.GetValueOrDefault(NameOf(p.package)) == p.now))
            .ToList();

    /// <summary>
    /// The changes of one image between two reports; none when both name the same digest (the same image), null when
    /// either has no package set to compare.
    /// </summary>
    public static IReadOnlyList<PackageSetChange>? Of(ReportImage previous, ReportImage current) =>
        previous.Digest is not null && previous.Digest == current.Digest ? []
        : previous.InstalledPackages is { } before && current.InstalledPackages is { } now ? Between(before, now, current.SecurityVersions)
        : null;

    static string NameOf(string package) => package.Split(':')[0];
}
