namespace CudaImages.Locking;

/// <summary>One package of one image that the archive now resolves differently from the lock: added (no Old), removed (no New) or updated.</summary>
public sealed record PackageChange(string Tag, string Name, LockedPackage? Old, LockedPackage? New)
{
    public bool IsSecurityUpdate => New?.IsSecurityUpdate == true;

    public override string ToString() =>
        $"{Name} {Old?.Version ?? "(not installed)"} → {New?.Version ?? "(removed)"}" + (IsSecurityUpdate ? $" [security: {New!.Suite}]" : "");

    /// <summary>The changes from <paramref name="locked"/> (null: never locked) to <paramref name="now"/>, by package name.</summary>
    public static IReadOnlyList<PackageChange> Between(string tag, ImageLock? locked, ImageLock now)
    {
        var old = (locked?.Packages ?? []).ToDictionary(p => p.Name);
        var current = now.Packages.ToDictionary(p => p.Name);
        return old.Keys.Union(current.Keys).Order(StringComparer.Ordinal)
            .Select(name => new PackageChange(tag, name, old.GetValueOrDefault(name), current.GetValueOrDefault(name)))
            .Where(c => c.Old?.Version != c.New?.Version)
            .ToList();
    }
}
