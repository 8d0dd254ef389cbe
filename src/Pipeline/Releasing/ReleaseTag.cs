using System.Globalization;
using System.Text.RegularExpressions;
using CudaImages.Reporting;

namespace CudaImages.Releasing;

/// <summary>
/// The git tag of a release: images-yyyy.MM.dd from the report's GeneratedAt (UTC) unless --release-tag says otherwise,
/// so the runs of one day update one release instead of piling up.
/// </summary>
public static partial class ReleaseTag
{
    public static string For(ReportFile report, string? given)
    {
        if (given is null) return "images-" + report.GeneratedAt.ToUniversalTime().ToString("yyyy.MM.dd", CultureInfo.InvariantCulture);
        if (!Valid().IsMatch(given) || given.Contains("..") || given.EndsWith(".lock", StringComparison.Ordinal))
            throw new InputException($"--release-tag '{given}' is not a valid git tag name; use letters, digits and . _ - / (e.g. images-2026.11.05)");
        return given;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$")]
    private static partial Regex Valid();
}
