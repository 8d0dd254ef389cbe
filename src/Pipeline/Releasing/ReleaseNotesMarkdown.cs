using System.Globalization;
using System.Text;
using CudaImages.Model;
using CudaImages.Reporting;

namespace CudaImages.Releasing;

/// <summary>
/// artifacts/release-notes.md, also the GitHub release's body: one section per kind of change, always in the same
/// order, an empty section saying "none" so a reader knows it was looked at.
/// </summary>
public static class ReleaseNotesMarkdown
{
    public const string RelativePath = "release-notes.md";

    public static string Render(ReleaseChanges changes, string releaseTag)
    {
        var md = new StringBuilder();
        var current = changes.Current;
        md.AppendLine($"# CUDA images {releaseTag}");
        md.AppendLine();
        md.AppendLine($"{Count(current.Images.Count, "image")} from revision `{Digests.Revision(current.Revision)}`, reported {Date(current.GeneratedAt)}" +
                      (current.Registry is { } registry ? $", published to `{registry}`." : "."));
        md.AppendLine();
        md.AppendLine(changes.Previous is { } previous
            ? $"Compared with the report of {Date(previous.GeneratedAt)} (revision `{Digests.Revision(previous.Revision)}`){(changes.PreviousSource is { } source ? $" from {source}" : "")}."
            : "First release: there is no previous report, so every image is listed as added.");

        Section(md, "Images added", changes.Added, ["image", "CUDA", "distro", "flavor", "size", "smoke"], i =>
            [Code(i.Tag), i.Cuda, i.Distro, i.Flavor + (i.Framework is { } fw ? $" ({fw} {i.FrameworkVersion})" : ""), Size(i.SizeBytes), SmokeSummary(i)]);
        Section(md, "Images removed", changes.Removed, ["image", "CUDA", "distro", "flavor"], i =>
            [Code(i.Tag), i.Cuda, i.Distro, i.Flavor]);
        Section(md, "CUDA version bumps", changes.CudaBumps, ["line", "flavor", "distro", "CUDA", "image"], b =>
            [b.Line, b.Flavor, b.Distro, $"{b.FromCuda} → {b.ToCuda}", $"{Code(b.FromTag)} → {Code(b.ToTag)}"]);
        Section(md, "Framework version changes", changes.FrameworkChanges, ["image", "framework", "version"], f =>
            [Code(f.Tag), f.Framework, $"{f.From ?? "none"} → {f.To ?? "none"}"]);
        Section(md, "Alias moves", changes.AliasMoves, ["alias", "was", "now"], a =>
            [Code(a.Alias), Target(a.From, "new"), Target(a.To, "removed")]);

        var t = changes.SizeThreshold;
        Section(md, "Size changes", changes.SizeChanges, ["image", "before", "after", "change"], s =>
                [Code(s.Tag), Size(s.FromBytes), Size(s.ToBytes), $"{Signed(s.DeltaBytes / 1e6, "0.0")} MB ({Signed(s.Percent, "0.0")} %)"],
            $"Uncompressed sizes that changed by at least {t.Bytes / 1e6:0.#} MB or {t.Percent:0.#} %.");
        Section(md, "Package changes", [.. changes.PackageChanges.SelectMany(i => i.Changes.Select(c => (i.Tag, Change: c)))],
            ["image", "package", "was", "now", "security"], p =>
                [Code(p.Tag), Code(p.Change.Package), p.Change.Old ?? "added", p.Change.New ?? "removed", p.Change.Security ? "security update" : ""],
            "Debian packages added, removed or updated per image; a version the lock takes from the security suite is a security update." +
            (changes.PackagesNotCompared.Count > 0 ? $" Not compared (no package set in one of the reports): {string.Join(", ", changes.PackagesNotCompared.Select(Code))}." : ""));
        Section(md, "Smoke status changes", changes.SmokeChanges, ["image", "check", "was", "now", "reason"], c =>
            [Code(c.Tag), c.Check, Status(c.From, "new check"), Status(c.To, "check removed"), c.Reason ?? ""]);
        Section(md, "Driver floors", changes.DriverFloors, ["CUDA", "floor", "was", "now", "note"], d =>
                [d.Subject, d.Kind == DriverFloorKind.MinimumDriver ? "minimum driver" : "minor-version compatibility", d.From ?? "new", d.To, d.Note ?? ""],
            "Hosts need at least this NVIDIA driver; within a major, minor-version compatibility runs newer minors on the lower floor.");
        return md.ToString();
    }

    static void Section<T>(StringBuilder md, string title, IReadOnlyList<T> rows, string[] header, Func<T, string[]> cells, string? intro = null)
    {
        md.AppendLine();
        md.AppendLine($"## {title}{(rows.Count > 0 ? $" ({rows.Count})" : "")}");
        md.AppendLine();
        if (intro is not null)
        {
            md.AppendLine(intro);
            md.AppendLine();
        }
        if (rows.Count == 0)
        {
            md.AppendLine("none");
            return;
        }
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(header.Select(_ => " --- |")));
        foreach (var row in rows)
            md.AppendLine("| " + string.Join(" | ", cells(row).Select(Cell)) + " |");
    }

    static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");

    static string Code(string text) => $"`{text}`";

    static string Target(AliasTarget? target, string none) =>
        target is null ? none : Code(target.Tag) + (target.Digest is { } digest ? $" `{Digests.Short(digest)}`" : "");

    static string Status(string? status, string none) => status switch
    {
        null => none,
        "notRun" => "not run",
        _ => status,
    };

    static string SmokeSummary(ReportImage image)
    {
        if (image.Checks.Count == 0) return "no checks";
        var counts = image.Checks.GroupBy(c => Status(c.Status, "")).OrderBy(g => g.Key, StringComparer.Ordinal);
        return string.Join(", ", counts.Select(g => $"{g.Count()} {g.Key}"));
    }

    static string Size(long? bytes) => bytes is { } b ? $"{b / 1e6:0.0} MB" : "not measured";

    static string Signed(double value, string format) => (value >= 0 ? "+" : "−") + Math.Abs(value).ToString(format, CultureInfo.InvariantCulture);

    static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);



    static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
