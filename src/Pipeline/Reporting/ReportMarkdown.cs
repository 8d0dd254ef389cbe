using System.Text;
using CudaImages.Model;

namespace CudaImages.Reporting;

/// <summary>report.md: GitHub-flavored Markdown for release bodies and READMEs — images, the driver grid, architectures.</summary>
public static class ReportMarkdown
{
    public static string Render(ReportFile report)
    {
        var md = new StringBuilder();
        md.AppendLine("## CUDA images").AppendLine();
        md.AppendLine($"{report.Images.Count} images of `{report.Repository}` at revision `{Digests.Revision(report.Revision)}`, " +
                      $"report generated {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.").AppendLine();
        foreach (var source in report.Sources)
            md.AppendLine($"- **{Title(source.Name)}:** {Inline(source.Summary)}");
        if (report.Sources.Count > 0) md.AppendLine();

        md.AppendLine("### Images").AppendLine();
        Table(md, ["Image", "Aliases", "CUDA", "Distro", "Flavor", "Framework", "Size", "Compressed", "Smoke checks", "Platform"],
            report.Images.Select(i => new[]
            {
                Code(i.Tag), string.Join(" ", i.Aliases.Select(Code)), i.Cuda + (i.EndOfLife ? " (end of life)" : ""), i.Distro, i.Flavor,
                ReportText.Framework(i), ReportText.SizeText(i.SizeBytes), ReportText.CompressedText(i), ReportText.SmokeSummary(i),
                ReportText.PlatformText(i),
            }));

        var failed = report.Images.SelectMany(i => i.Checks.Where(c => c.Status == ReportCheck.Failed).Select(c => (i.Tag, Check: c))).ToList();
        if (failed.Count > 0)
        {
            md.AppendLine("Failed smoke checks:").AppendLine();
            foreach (var (tag, check) in failed)
                md.AppendLine($"- {Code(tag)} `{check.Name}`: {Inline(check.Reason ?? "no reason given")}" + (check.Where is null ? "" : $" (on {Inline(check.Where)})"));
            md.AppendLine();
        }

        md.AppendLine("### Which driver runs which image").AppendLine();
        md.AppendLine("Linux driver branches across, images down. **full**: the driver meets the CUDA release's minimum; " +
                      "**compat**: minor-version compatibility, which runs the image with limits; **no**: the driver is too old to start it.").AppendLine();
        Table(md, ["Image", "Full support from", "Compatibility from", .. report.DriverBranches.Select(b => b.ToString())],
            report.Images.Select(i => new[] { Code(i.Tag), i.MinimumDriver, i.CompatibilityDriver }
                .Concat(report.DriverBranches.Select(b => i.Drivers.FirstOrDefault(d => d.Branch == b) is { } d ? ReportText.DriverCellMarkdown(d.Support) : "?"))
                .ToArray()));
        if (report.CompatibilityLimits is { } limits && report.Images.Any(i => i.Drivers.Any(d => d.Support == DriverSupportCell.MinorVersionCompatibility)))
            md.AppendLine($"Minor-version compatibility has limits: {Inline(limits)}.").AppendLine();

        md.AppendLine("### GPU architectures").AppendLine();
        Table(md, ["Image", "CUDA", "Architectures (SASS)", "PTX"],
            report.Images.Select(i => new[] { Code(i.Tag), i.Cuda, string.Join(" ", i.Architectures), string.Join(" ", i.PtxArchitectures) }));

        md.AppendLine("### Supply chain").AppendLine();
        md.AppendLine("Every package in each image (dpkg and Python), as SPDX 2.3 and CycloneDX 1.6 SBOMs. **Non-free** packages " +
                      "(Debian's non-free area, NVIDIA's licences) may not be redistributed freely: read their licences before you do.").AppendLine();
        Table(md, ["Image", "SBOM", "Packages", "Licences", "Non-free", "Package set"],
            report.Images.Select(i => (i.Sbom is { } sbom
                ? new[] { Code(i.Tag), $"{Code(sbom.Spdx)} {Code(sbom.CycloneDx)}", ReportText.PackageCount(sbom), ReportText.LicenceSummary(sbom), ReportText.NonFreeSummary(sbom) }
                : [Code(i.Tag), ReportText.NoSbom, "", "", ""]).Append(i.PackageSet is { } set ? Code(set) : ReportText.NotLocked).ToArray()));
        if (report.Images.Any(i => i.PublishedReference is not null))
        {
            md.AppendLine("In the registry, on each published digest (`cosign verify` checks the signature, `./build.sh Verify` all of it):").AppendLine();
            Table(md, ["Image", "Signature", "Attached"],
                report.Images.Select(i => new[] { Code(i.Tag), ReportText.Signature(i), ReportText.Attached(i) }));
        }
        return md.ToString();
    }

    static void Table(StringBuilder md, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        md.AppendLine("| " + string.Join(" | ", header.Select(Cell)) + " |");
        md.AppendLine("|" + string.Concat(header.Select(_ => " --- |")));
        foreach (var row in rows)
            md.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        md.AppendLine();
    }

    /// <summary>A table cell: one line, pipes escaped (also inside code spans, as GitHub wants), never empty.</summary>
    internal static string Cell(string text)
    {
        var one = text.Replace("\r", " ").Replace("\n", " ").Replace("|", "\\|").Trim();
        return one.Length == 0 ? "—" : one;
    }

    static string Inline(string text) => text.Replace("<", "&lt;").Replace(">", "&gt;").Replace("\n", " ");

    static string Code(string text) => $"`{text.Replace("`", "'")}`";


    static string Title(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
