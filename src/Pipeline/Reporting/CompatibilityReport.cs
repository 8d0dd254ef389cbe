using CudaImages.Building;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Sboms;
using CudaImages.Sizes;
using CudaImages.Smoke;

namespace CudaImages.Reporting;

/// <summary>
/// Puts the plan (facts from images/) and the measured results side by side in one <see cref="ReportFile"/>.
/// A result that is missing stays missing — "not measured", "not published", "not run: no smoke results" — never guessed.
/// </summary>
public static class CompatibilityReport
{
    public const string NoSmokeResults = "no smoke results";
    public const string NotInSmokeResults = "not in the smoke results";

    public static ReportFile From(BuildPlan plan, ReportInputs inputs, string revision, DateTimeOffset generatedAt)
    {
        var images = plan.Images.Select(spec => Image(spec, inputs) with
        {
            Platforms = [.. plan.Images.Where(i => i.PublishedTag == spec.PublishedTag).Select(i => i.Platform.Id)],
        }).ToList();
        return new ReportFile(ReportFile.CurrentSchema, generatedAt, revision, plan.Repository, inputs.Publish?.Registry,
            DriverSupport.ReportedBranches, images)
        {
            Sources = Sources(plan, inputs),
            SmokeHost = inputs.Smoke?.Host,
            SizesMeasuredAt = inputs.Sizes?.MeasuredAt,
            CompatibilityLimits = DriverSupport.CompatibilityLimits,
        };
    }

    static ReportImage Image(ImageSpec spec, ReportInputs inputs)
    {
        var build = inputs.Build?.Images.FirstOrDefault(r => r.Tag == spec.Tag);
        var size = inputs.Sizes?.Images.FirstOrDefault(s => s.Tag == spec.Tag);
        var published = inputs.Publish?.Find(spec.Tag);
        var sbom = inputs.Sboms?.Find(spec.Tag);
        var builtId = build is { Status: ImageBuildStatus.Built or ImageBuildStatus.Skipped or ImageBuildStatus.CurrentInRegistry } ? build.ImageId : null;

        // The registry's compressed size is exact; MeasureSizes' own is an estimate until then.
        var (compressed, compressedSource, compressedMethod) =
            published is not null ? (published.CompressedBytes, "registry", (string?)null)
            : size?.Compressed is { } c ? (c.Bytes, c.Source == CompressedSource.Registry ? "registry" : "estimate", c.Method)
            : ((long?)null, (string?)null, (string?)null);

        return new ReportImage(
            spec.Tag, spec.Reference, spec.Aliases, published?.Digest, builtId ?? size?.ImageId ?? published?.ImageId,
            spec.Cuda.Full, spec.Distro.Id, spec.Flavor, spec.Parent, spec.Framework, spec.FrameworkVersion,
            size?.UncompressedBytes, compressed, compressedSource, spec.SizeBudgetBytes,
            spec.Cuda.MinimumDriver.Text, spec.Cuda.CompatibilityDriver.Text,
            spec.Cuda.Architectures, spec.Cuda.PtxArchitectures,
            Checks(spec, inputs.Smoke), Drivers(spec.Cuda))
        {
            BuildStatus = build is null ? null : BuildStatusName(build.Status),
            // An image of several platforms is pulled by its published tag, the index; the report says which platform this row is.
            PublishedReference = published is null ? null : PublishedReference(inputs.Publish!.Registry, published.Repository, published.PublishedTag ?? spec.Tag),
            Platform = spec.Platform.Id,
            PublishedTag = spec.PublishedTag,
            AddedBytes = size?.AddedBytes,
            CompressedMethod = compressedMethod,
            EndOfLife = spec.Cuda.EndOfLife,
            RequireCuda = spec.RequireCuda,
            CudaLibrariesFrom = spec.CudaLibrariesFrom,
            Packages = spec.Packages,
            PackageSet = spec.PackageSet,
            InstalledPackages = size?.Packages,
            SecurityVersions = (spec.LockedSet ?? []).Where(p => p.IsSecurityUpdate).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Version),
            Sbom = sbom is null ? null : new ReportSbom($"{SbomsFile.Folder}/{sbom.Spdx}", $"{SbomsFile.Folder}/{sbom.CycloneDx}", sbom.ImageId,
                sbom.DebianPackages, sbom.PythonPackages, sbom.Licences, sbom.NonFree),
            Attachments = published?.Attachments,
            Notes = Notes(builtId, size, published, sbom),
        };
    }

    /// <summary>
    /// Each image's package changes since <paramref name="previous"/> (matched by tag). An image not measured in this run
    /// (current in the registry, not pulled) that is the same digest as before keeps the package set measured then.
    /// </summary>
    public static ReportFile ComparedWith(ReportFile report, ReportFile previous) => report with
    {
        Images = [.. report.Images.Select(image => previous.Find(image.Tag) is not { } before ? image : Compared(image, before))],
    };

    static ReportImage Compared(ReportImage image, ReportImage before)
    {
        var same = image.Digest is not null && image.Digest == before.Digest;
        var carried = image.InstalledPackages is null && same ? image with { InstalledPackages = before.InstalledPackages } : image;
        return carried with { PackageChanges = PackageSetChange.Of(before, carried) };
    }

    /// <summary>The declared checks in their order, then any other result the smoke run recorded for the image.</summary>
    static IReadOnlyList<ReportCheck> Checks(ImageSpec spec, SmokeResultsFile? smoke)
    {
        if (smoke is null)
            return spec.SmokeChecks.Select(c => new ReportCheck(c, ReportCheck.NotRun, NoSmokeResults, null)).ToList();
        var results = smoke.Results.Where(r => r.Image == spec.Tag).ToList();
        var declared = spec.SmokeChecks.Select(check => results.FirstOrDefault(r => r.Check == check) is { } result
            ? Check(result)
            : new ReportCheck(check, ReportCheck.NotRun, NotInSmokeResults, null));
        var others = results.Where(r => !spec.SmokeChecks.Contains(r.Check)).Select(Check);
        return declared.Concat(others).ToList();
    }

    static ReportCheck Check(SmokeResult result) => new(result.Check, result.Status switch
    {
        SmokeStatus.Passed => ReportCheck.Passed,
        SmokeStatus.Failed => ReportCheck.Failed,
        _ => ReportCheck.NotRun,
    }, result.Reason, result.Where);

    static IReadOnlyList<ReportDriver> Drivers(CudaRelease cuda) =>
        DriverSupport.ReportedBranches.Select(branch =>
        {
            var support = DriverSupport.ForBranch(branch, cuda);
            return new ReportDriver(branch, support.Level switch
            {
                DriverSupportLevel.Full => DriverSupportCell.Full,
                DriverSupportLevel.MinorVersionCompatibility => DriverSupportCell.MinorVersionCompatibility,
                _ => DriverSupportCell.NotSupported,
            }, support.Explanation);
        }).ToList();

    static string BuildStatusName(ImageBuildStatus status) => status switch
    {
        ImageBuildStatus.Built => "built",
        ImageBuildStatus.Skipped => "skipped",
        ImageBuildStatus.CurrentInRegistry => "currentInRegistry",
        ImageBuildStatus.Failed => "failed",
        _ => "notRun",
    };

    /// <summary>
    /// Publish writes the whole repository name (localhost:5000/cuda) as both the registry and each image's repository;
    /// a repository without its registry's name in front gets it.
    /// </summary>
    internal static string PublishedReference(string registry, string repository, string tag)
    {
        var prefix = registry.TrimEnd('/');
        return repository == prefix || repository.StartsWith(prefix + "/", StringComparison.Ordinal)
            ? $"{repository}:{tag}"
            : $"{prefix}/{repository}:{tag}";
    }

    static IReadOnlyList<string> Notes(string? builtId, ImageSize? size, Publishing.PublishedImage? published, ImageSbom? sbom)
    {
        var notes = new List<string>();
        if (builtId is not null && sbom is not null && sbom.ImageId != builtId)
            notes.Add($"SBOM describes image {Digests.Hex12(sbom.ImageId)}, not {Digests.Hex12(builtId)} built last: run Sbom again");
        if (builtId is not null && size is not null && size.ImageId != builtId)
            notes.Add($"size measured on image {Digests.Hex12(size.ImageId)}, not on {Digests.Hex12(builtId)} built last: run MeasureSizes again");
        if (builtId is not null && published is not null && published.ImageId != builtId)
            notes.Add($"the registry holds image {Digests.Hex12(published.ImageId)}, not {Digests.Hex12(builtId)} built last: run Publish again");
        if (size?.OverBudgetBytes is { } over)
            notes.Add($"{Size.Format(over)} over its size budget of {Size.Format(size.BudgetBytes!.Value)}");
        return notes;
    }


    static IReadOnlyList<ReportSource> Sources(BuildPlan plan, ReportInputs inputs)
    {
        var built = inputs.Build?.Images.Count(r => plan.Find(r.Tag) is not null && r.Status is ImageBuildStatus.Built or ImageBuildStatus.Skipped) ?? 0;
        var current = inputs.Build?.Images.Count(r => plan.Find(r.Tag) is not null && r.Status is ImageBuildStatus.CurrentInRegistry) ?? 0;
        var smoke = inputs.Smoke?.Results.Where(r => plan.Find(r.Image) is not null).ToList() ?? [];
        var measured = inputs.Sizes?.Images.Count(s => plan.Find(s.Tag) is not null) ?? 0;
        var published = inputs.Publish?.Images.Count(p => plan.Find(p.Tag) is not null) ?? 0;
        var described = inputs.Sboms?.Images.Count(s => plan.Find(s.Tag) is not null) ?? 0;
        return
        [
            new("build", BuildFile.RelativePath, inputs.Build is not null,
                inputs.Build is null ? "no build results: image IDs unknown"
                : $"{built} of {plan.Images.Count} images built" + (current > 0 ? $", {current} current in registry (not rebuilt)" : "")),
            new("smoke", SmokeResultsFile.RelativePath, inputs.Smoke is not null,
                inputs.Smoke is null ? $"not run: {NoSmokeResults}"
                : $"{smoke.Count(r => r.Status == SmokeStatus.Passed)} passed, {smoke.Count(r => r.Status == SmokeStatus.Failed)} failed, " +
                  $"{smoke.Count(r => r.Status == SmokeStatus.NotRun)} not run, on {inputs.Smoke.Host}"),
            new("sizes", SizesFile.RelativePath, inputs.Sizes is not null,
                inputs.Sizes is null ? "not measured" : $"{measured} of {plan.Images.Count} images measured"),
            new("publish", Publishing.PublishFile.RelativePath, inputs.Publish is not null,
                inputs.Publish is null ? "not published" : $"{published} of {plan.Images.Count} images published to {inputs.Publish.Registry}"),
            new("sbom", SbomsFile.RelativePath, inputs.Sboms is not null,
                inputs.Sboms is null ? "no SBOMs" : $"{described} of {plan.Images.Count} images described"),
        ];
    }
}
