using CudaImages.Reporting;

namespace CudaImages.Releasing;

/// <summary>The same image in two releases: matched by tag, or by flavor + distro + CUDA line when the CUDA patch moved.</summary>
public sealed record ImagePair(ReportImage Previous, ReportImage Current);

/// <summary>An image line (flavor, distro, CUDA X.Y) whose CUDA release changed, e.g. 12.4.0 → 12.4.1.</summary>
public sealed record CudaBump(string Line, string Flavor, string Distro, string FromCuda, string ToCuda, string FromTag, string ToTag);

/// <summary>A framework image whose framework version changed; null for "none" (a flavor that gained or lost its framework).</summary>
public sealed record FrameworkChange(string Tag, string Framework, string? From, string? To);

/// <summary>
/// A floating alias that now points elsewhere: another tag, or the same tag with another digest.
/// From null: the alias is new; To null: no image carries it any more.
/// </summary>
public sealed record AliasMove(string Alias, AliasTarget? From, AliasTarget? To);

public sealed record AliasTarget(string Tag, string? Digest);

/// <summary>An image whose uncompressed size changed by at least the threshold.</summary>
public sealed record SizeChange(string Tag, long FromBytes, long ToBytes)
{
    public long DeltaBytes => ToBytes - FromBytes;

    public double Percent => FromBytes == 0 ? 100 : DeltaBytes * 100.0 / FromBytes;
}

/// <summary>Size changes below both limits are noise (timestamps, package rebuilds) and are left out of the notes.</summary>
public sealed record SizeThreshold(long Bytes, double Percent)
{
    public static SizeThreshold Default { get; } = new(1_000_000, 1.0);

    public bool IsMet(SizeChange change) => Math.Abs(change.DeltaBytes) >= Bytes || Math.Abs(change.Percent) >= Percent;
}

/// <summary>One smoke check of one image whose status changed; From/To null when the check is new or gone.</summary>
public sealed record SmokeChange(string Tag, string Check, string? From, string? To, string? Reason);

/// <summary>
/// A driver floor that is new or moved: a CUDA line's minimum driver ("CUDA 12.4") or a major's
/// minor-version-compatibility floor ("CUDA 12"). From null: the line or major is new in this release.
/// </summary>
public sealed record DriverFloorChange(string Subject, DriverFloorKind Kind, string? From, string To, string? Note);

public enum DriverFloorKind { MinimumDriver, CompatibilityDriver }

/// <summary>One image's Debian package changes since the previous release (added, removed, updated; security updates flagged).</summary>
public sealed record ImagePackageChanges(string Tag, IReadOnlyList<PackageSetChange> Changes);

/// <summary>Everything ReleaseNotes says: this release against the previous one (or against nothing, for the first).</summary>
public sealed record ReleaseChanges(
    ReportFile Current,
    ReportFile? Previous,
    string? PreviousSource,
    SizeThreshold SizeThreshold,
    IReadOnlyList<ReportImage> Added,
    IReadOnlyList<ReportImage> Removed,
    IReadOnlyList<CudaBump> CudaBumps,
    IReadOnlyList<FrameworkChange> FrameworkChanges,
    IReadOnlyList<AliasMove> AliasMoves,
    IReadOnlyList<SizeChange> SizeChanges,
    IReadOnlyList<SmokeChange> SmokeChanges,
    IReadOnlyList<DriverFloorChange> DriverFloors)
{
    /// <summary>The images whose packages changed; images without a package set in either report are in <see cref="PackagesNotCompared"/>.</summary>
    public IReadOnlyList<ImagePackageChanges> PackageChanges { get; init; } = [];

    /// <summary>Tags of images present in both releases whose package sets could not be compared (not measured in one of them).</summary>
    public IReadOnlyList<string> PackagesNotCompared { get; init; } = [];

    public bool IsFirstRelease => Previous is null;
}
