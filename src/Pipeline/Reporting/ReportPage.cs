using System.Reflection;
using System.Text.Encodings.Web;
using CudaImages.Model;
using Fluid;

namespace CudaImages.Reporting;

/// <summary>
/// index.html: one self-contained page (inline CSS and SVG, no script, nothing loaded from the network) drawn by the
/// Liquid template index.html.liquid beside this file. Every value the template prints comes from the report and is
/// HTML-encoded on the way out; only the template's own prose is written by hand.
/// </summary>
public static class ReportPage
{
    const string TemplateName = "index.html.liquid";
    static readonly Lazy<IFluidTemplate> Template = new(Parse);

    public static string Render(ReportFile report)
    {
        var options = new TemplateOptions { MemberAccessStrategy = new UnsafeMemberAccessStrategy() };
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        var context = new TemplateContext(PageModel.From(report), options);
        return Template.Value.Render(context, HtmlEncoder.Default);
    }

    static IFluidTemplate Parse()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(typeof(ReportPage).Namespace + "." + TemplateName)
            ?? throw new InvalidOperationException($"{TemplateName} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        var text = new StreamReader(stream).ReadToEnd();
        return new FluidParser().TryParse(text, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"{TemplateName}: {error}");
    }
}

/// <summary>What the page template shows, shaped for it: texts already worded, rows already grouped.</summary>
public sealed record PageModel(
    string Repository,
    string? Registry,
    string Revision,
    string RevisionShort,
    string Generated,
    string? SizesMeasuredAt,
    int SchemaVersion,
    IReadOnlyList<string> CudaVersions,
    IReadOnlyList<string> Distros,
    string? SmokeHost,
    int Passed,
    int Failed,
    int NotRun,
    IReadOnlyList<ReportSource> Sources,
    IReadOnlyList<int> Branches,
    IReadOnlyList<ImageView> Images,
    string? CompatibilityLimits,
    SizeChart? Chart,
    IReadOnlyList<ImageChoice> Choices,
    IReadOnlyList<string> MissingFlavors)
{
    public int ImageCount => Images.Count;

    static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    public static PageModel From(ReportFile report)
    {
        var checks = report.Images.SelectMany(i => i.Checks).ToList();
        var choices = ImageChoice.For(report);
        string? previousCuda = null;
        var images = report.Images.Select(image =>
        {
            var view = ImageView.From(image, firstOfCuda: image.Cuda != previousCuda,
                buildResults: report.Sources.Any(s => s.Name == "build" && s.Found));
            previousCuda = image.Cuda;
            return view;
        }).ToList();
        return new(
            report.Repository, report.Registry, report.Revision,
            report.Revision.Length > 12 && report.Revision.All(Uri.IsHexDigit) ? report.Revision[..12] : report.Revision,
            Utc(report.GeneratedAt),
            report.SizesMeasuredAt is { } measured ? Utc(measured) : null,
            report.SchemaVersion,
            report.Images.Select(i => i.Cuda).Distinct().ToList(),
            report.Images.Select(i => i.Distro).Distinct().ToList(),
            report.SmokeHost,
            checks.Count(c => c.Status == ReportCheck.Passed),
            checks.Count(c => c.Status == ReportCheck.Failed),
            checks.Count(c => c.Status == ReportCheck.NotRun),
            report.Sources,
            report.DriverBranches,
            images,
            report.CompatibilityLimits,
            SizeChart.From(report),
            choices,
            choices.Where(c => !c.Available).Select(c => c.Flavor).Distinct().ToList());
    }
}

public sealed record CheckView(string Name, string Status, string StatusText, string Symbol, string? Reason, string? Where);

public sealed record DriverCellView(int Branch, string Css, string Text, string Symbol, string Explanation);

/// <summary>An image's SBOM files (linked from the report folder), package count, licence summary and non-free packages, in the page's words.</summary>
/// <summary>One image's package changes as the page lists them: a count line, then one line per package.</summary>
public sealed record PackageChangesView(string Summary, IReadOnlyList<PackageChangeView> Changes)
{
    public static PackageChangesView? From(IReadOnlyList<PackageSetChange>? changes) => changes is null ? null
        : new(ReportText.PackageChangeSummary(changes),
            [.. changes.Select(c => new PackageChangeView(c.Package, c.Kind, c.Old ?? "", c.New ?? "", c.Security))]);
}

public sealed record PackageChangeView(string Package, string Kind, string Old, string New, bool Security);

public sealed record SbomView(string Spdx, string CycloneDx, string Packages, string Licences, int NonFreeCount, string NonFree)
{
    public static SbomView? From(ReportSbom? sbom) => sbom is null ? null
        : new(sbom.Spdx, sbom.CycloneDx, ReportText.PackageCount(sbom), ReportText.LicenceSummary(sbom), sbom.NonFree.Count, ReportText.NonFreeSummary(sbom));
}

/// <summary>A published digest's signature and attachments, in the page's words.</summary>
public sealed record RegistryView(string Signature, string Attached, bool Signed);

public sealed record RunSnippets(string AllGpus, string TwoGpus, string VisibleDevices, string Compose);

/// <summary>One image as the page shows it.</summary>
public sealed record ImageView(
    string Tag,
    string Anchor,
    string Reference,
    string RunReference,
    bool Published,
    IReadOnlyList<string> Aliases,
    string Cuda,
    bool FirstOfCuda,
    bool EndOfLife,
    string Distro,
    string Flavor,
    string? Parent,
    string Framework,
    string? IdentityLabel,
    string? IdentityValue,
    string? IdentityShort,
    string IdentityMissing,
    string Size,
    bool Measured,
    string? CompressedSize,
    string? CompressedSource,
    string? CompressedMethod,
    string? Added,
    string? Budget,
    string? BuildStatus,
    string SmokeSummary,
    IReadOnlyList<CheckView> Checks,
    string? ChecksWhere,
    string? ChecksReason,
    IReadOnlyList<DriverCellView> Drivers,
    string MinimumDriver,
    string CompatibilityDriver,
    IReadOnlyList<string> Architectures,
    IReadOnlyList<string> PtxArchitectures,
    string? RequireCuda,
    IReadOnlyList<string> Notes,
    RunSnippets Run)
{
    /// <summary>Its SBOMs and licence summary; null when Sbom has not described it.</summary>
    public SbomView? Sbom { get; init; }

    /// <summary>The row's platform, and the others its tag has ("linux/arm64 (tag 11.8.0-base-debian12: linux/amd64, linux/arm64)").</summary>
    public string Platform { get; init; } = "linux/amd64";

    /// <summary>The hash of its chain's locked packages (label io.cudaimages.package-set); null for a distro without a lock.</summary>
    public string? PackageSet { get; init; }

    public string? PackageSetShort => PackageSet is null ? null : Digests.Hex12(PackageSet);

    /// <summary>Its package changes since the previous report; null when not compared.</summary>
    public PackageChangesView? PackageChanges { get; init; }

    /// <summary>How its published digest is signed and what is attached to it; null when not published.</summary>
    public RegistryView? Registry { get; init; }

    public static ImageView From(ReportImage image, bool firstOfCuda, bool buildResults)
    {
        var identity = ReportText.Identity(image);
        // Said once under the list when every check shares it, instead of on every line.
        var wheres = image.Checks.Select(c => c.Where).Distinct().ToList();
        var commonWhere = wheres is [{ } only] ? only : null;
        var commonReason = image.Checks.Count > 1 && image.Checks.All(c => c.Status == ReportCheck.NotRun)
                           && image.Checks.Select(c => c.Reason).Distinct().Count() == 1 ? image.Checks[0].Reason : null;
        var reference = ReportText.RunReference(image);
        return new(
            image.Tag, "image-" + new string(image.Tag.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()),
            image.Reference, reference, image.PublishedReference is not null, image.Aliases,
            image.Cuda, firstOfCuda, image.EndOfLife, image.Distro, image.Flavor, image.Parent, ReportText.Framework(image),
            identity?.Label, identity?.Value, identity is { } id ? Digests.Hex12(id.Value) : null,
            buildResults ? "not built" : "unknown: no build results",
            ReportText.SizeText(image.SizeBytes), image.SizeBytes is not null, image.CompressedBytes is { } compressed ? CudaImages.Size.Format(compressed) : null, image.CompressedSource, image.CompressedMethod,
            image.AddedBytes is { } added && image.Parent is not null ? CudaImages.Size.Format(added) : null,
            image.BudgetBytes is { } budget ? CudaImages.Size.Format(budget) : null,
            image.BuildStatus switch
            {
                null when buildResults => "not in build.json: not built here",
                "failed" => "build failed",
                "notRun" => "not built: its parent failed or the build stopped",
                "currentInRegistry" => "current in registry: not rebuilt this run, published earlier from the same inputs",
                _ => null,
            },
            ReportText.SmokeSummary(image),
            image.Checks.Select(c => new CheckView(c.Name, c.Status, ReportText.StatusText(c.Status), c.Status switch
            {
                ReportCheck.Passed => "✓",
                ReportCheck.Failed => "✗",
                _ => "–",
            }, commonReason is null ? c.Reason : null, commonWhere is null ? c.Where : null)).ToList(),
            commonWhere,
            commonReason is null ? null : $"not run: {commonReason}",
            image.Drivers.Select(d => new DriverCellView(d.Branch, d.Support switch
            {
                DriverSupportCell.Full => "full",
                DriverSupportCell.MinorVersionCompatibility => "compat",
                _ => "none",
            }, ReportText.DriverCell(d.Support), d.Support switch
            {
                DriverSupportCell.Full => "✓",
                DriverSupportCell.MinorVersionCompatibility => "≈",
                _ => "✗",
            }, d.Explanation)).ToList(),
            image.MinimumDriver, image.CompatibilityDriver, image.Architectures, image.PtxArchitectures, image.RequireCuda,
            image.Notes, Snippets(reference))
        {
            Sbom = SbomView.From(image.Sbom),
            Platform = ReportText.PlatformText(image),
            PackageSet = image.PackageSet,
            PackageChanges = PackageChangesView.From(image.PackageChanges),
            Registry = image.PublishedReference is null ? null : new(ReportText.Signature(image), ReportText.Attached(image), image.Attachments?.Signature is not null),
        };
    }

    static RunSnippets Snippets(string reference) => new(
        $"docker run --rm --gpus all {reference} nvidia-smi",
        $"docker run --rm --gpus '\"device=0,1\"' {reference} nvidia-smi",
        $"# CUDA programs in the container see GPU 0 only (nvidia-smi still lists every GPU it was given)\n" +
        $"docker run --rm --gpus all -e CUDA_VISIBLE_DEVICES=0 {reference} <your-program>",
        $"""
        services:
          app:
            image: {reference}
            command: nvidia-smi
            deploy:
              resources:
                reservations:
                  devices:
                    - driver: nvidia
                      count: all            # or pick GPUs: device_ids: ["0", "1"]
                      capabilities: [gpu]
        """);
}
