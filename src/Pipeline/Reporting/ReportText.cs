using CudaImages.Model;

namespace CudaImages.Reporting;

/// <summary>The words report.md and index.html both use for a report's facts, so the two never disagree.</summary>
public static class ReportText
{
    public const string NotMeasured = "not measured";
    public const string NotPublished = "not published";

    public static string SmokeSummary(ReportImage image)
    {
        if (image.Checks.Count == 0) return "no checks declared";
        if (image.Checks.All(c => c.Status == ReportCheck.NotRun && c.Reason == CompatibilityReport.NoSmokeResults))
            return $"not run: {CompatibilityReport.NoSmokeResults}";
        var parts = new List<string>();
        var passed = image.Checks.Count(c => c.Status == ReportCheck.Passed);
        var failed = image.Checks.Count(c => c.Status == ReportCheck.Failed);
        if (passed > 0) parts.Add($"{passed} passed");
        if (failed > 0) parts.Add($"{failed} failed");
        parts.AddRange(image.Checks.Where(c => c.Status == ReportCheck.NotRun)
            .GroupBy(c => c.Reason ?? "no reason given")
            .Select(g => $"{g.Count()} not run ({g.Key})"));
        return string.Join(", ", parts);
    }

    public static string StatusText(string status) => status switch
    {
        ReportCheck.Passed => "passed",
        ReportCheck.Failed => "failed",
        ReportCheck.NotRun => "not run",
        _ => status,
    };

    public static string SizeText(long? bytes) => bytes is { } b ? Size.Format(b) : NotMeasured;

    public static string CompressedText(ReportImage image) =>
        image.CompressedBytes is { } b ? $"{Size.Format(b)} ({image.CompressedSource ?? "estimate"})" : NotMeasured;

    public static string Framework(ReportImage image) =>
        image.Framework is null ? "" : $"{image.Framework} {image.FrameworkVersion}".Trim() +
            (image.CudaLibrariesFrom == Model.Framework.FromWheels ? " (CUDA libraries from its nvidia-* wheels)" : "");

    public static string DriverCell(DriverSupportCell support) => support switch
    {
        DriverSupportCell.Full => "full",
        DriverSupportCell.MinorVersionCompatibility => "compat",
        _ => "no",
    };

    /// <summary>The grid cell in report.md: a symbol to scan, the word to read.</summary>
    public static string DriverCellMarkdown(DriverSupportCell support) => support switch
    {
        DriverSupportCell.Full => "✅ full",
        DriverSupportCell.MinorVersionCompatibility => "🟡 compat",
        _ => "❌ no",
    };

    /// <summary>The image to pull: the registry's once published, else the local name.</summary>
    public static string RunReference(ReportImage image) => image.PublishedReference ?? image.Reference;

    /// <summary>The image's identity: the registry digest once published, else the local image ID, labelled as such.</summary>
    public static (string Label, string Value)? Identity(ReportImage image) =>
        image.Digest is { } digest ? ("registry digest", digest)
        : image.ImageId is { } id ? ("local image ID", id)
        : null;

    public const string NoSbom = "no SBOM";

    /// <summary>A distro without a lock file installs what the archive offers: no package set to name.</summary>
    public const string NotLocked = "not locked";

    /// <summary>"119 Debian" or "119 Debian + 10 Python" packages.</summary>
    public static string PackageCount(ReportSbom sbom) =>
        sbom.PythonPackages == 0 ? $"{sbom.DebianPackages} Debian" : $"{sbom.DebianPackages} Debian + {sbom.PythonPackages} Python";

    /// <summary>The licences most packages state, with their counts: "GPL-2+ (61), LGPL-2.1+ (30), … 40 more".</summary>
    public static string LicenceSummary(ReportSbom sbom, int top = 4) =>
        string.Join(", ", sbom.Licences.Take(top).Select(l => $"{l.Licence} ({l.Packages})")) +
        (sbom.Licences.Count > top ? $", … {sbom.Licences.Count - top} more" : "");

    /// <summary>The packages to read before redistributing, by reason: "12 in Debian's non-free area: libcublas11, …".</summary>
    public static string NonFreeSummary(ReportSbom sbom) =>
        sbom.NonFree.Count == 0 ? "none"
        : string.Join("; ", sbom.NonFree.GroupBy(p => p.Reason).Select(g =>
            $"{g.Count()} ({g.Key}): {string.Join(", ", g.Select(p => p.Name).Take(6))}{(g.Count() > 6 ? ", …" : "")}"));

    /// <summary>The row's platform, and when its tag has others, which: "linux/arm64 (tag: linux/amd64, linux/arm64)".</summary>
    public static string PlatformText(ReportImage image) => image.Platforms.Count > 1
        ? $"{image.Platform} (tag {image.PublishedTag}: {string.Join(", ", image.Platforms)})"
        : image.Platform;

    /// <summary>"2 updated (1 security), 1 added", or "unchanged".</summary>
    public static string PackageChangeSummary(IReadOnlyList<PackageSetChange> changes)
    {
        if (changes.Count == 0) return "unchanged";
        var parts = changes.GroupBy(c => c.Kind).OrderBy(g => Array.IndexOf(["updated", "added", "removed"], g.Key))
            .Select(g => $"{g.Count()} {g.Key}" + (g.Count(c => c.Security) is > 0 and var security ? $" ({security} security)" : ""));
        return string.Join(", ", parts);
    }

    public const string NotRecorded = "not recorded";

    /// <summary>How its digest in the registry is signed: "signed by key sha256:…", "signed keyless (GitHub OIDC)", "not signed".</summary>
    public static string Signature(ReportImage image) => image.PublishedReference is null ? NotPublished
        : image.Attachments is not { } attached ? NotRecorded
        : attached.Signature switch
        {
            { KeyFingerprint: { } key } => $"signed by key {key}",
            { Keyless: { } keyless } => $"signed keyless ({keyless})",
            _ => "not signed",
        };

    /// <summary>What is attached to its digest in the registry: "SBOM attached (SPDX, CycloneDX); provenance attached (sha256:…)".</summary>
    public static string Attached(ReportImage image)
    {
        if (image.PublishedReference is null) return NotPublished;
        if (image.Attachments is not { } attached) return NotRecorded;
        var parts = new List<string>();
        if (attached.Sboms.Count > 0)
            parts.Add($"SBOM attached ({string.Join(", ", attached.Sboms.Select(f => f switch
            {
                Publishing.PublishedAttachments.Spdx => "SPDX",
                Publishing.PublishedAttachments.CycloneDx => "CycloneDX",
                _ => f,
            }))})");
        if (attached.Provenance is { } provenance) parts.Add($"provenance attached (sha256:{Digests.Hex12(provenance)})");
        return parts.Count == 0 ? "nothing attached" : string.Join("; ", parts);
    }
}
