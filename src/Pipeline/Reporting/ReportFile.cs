using System.Text.Json.Serialization;
using CudaImages.Artifacts;
using CudaImages.Sboms;

namespace CudaImages.Reporting;

[JsonConverter(typeof(JsonStringEnumConverter<DriverSupportCell>))]
public enum DriverSupportCell { Full, MinorVersionCompatibility, NotSupported }

/// <summary>One smoke check's outcome as the report shows it: passed / failed / notRun, why, and where it ran.</summary>
public sealed record ReportCheck(string Name, string Status, string? Reason, string? Where)
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string NotRun = "notRun";
}

/// <summary>
/// One artifact the report was made from, and what it said in a few words — or that it was missing
/// ("not measured", "not published"), so nobody reads an absent result as a good one.
/// </summary>
public sealed record ReportSource(string Name, string File, bool Found, string Summary);

/// <summary>
/// An image's SBOMs as the report shows them: the files (relative to artifacts/), the image ID they describe, how many
/// packages they list, licences by how many packages state them (most first) and the packages a redistributor must read first.
/// </summary>
public sealed record ReportSbom(
    string Spdx,
    string CycloneDx,
    string ImageId,
    int DebianPackages,
    int PythonPackages,
    IReadOnlyList<LicenceCount> Licences,
    IReadOnlyList<NonFreePackage> NonFree)
{
    public int Packages => DebianPackages + PythonPackages;
}

/// <summary>One cell of the driver × image grid: how a driver branch runs this image, in one sentence.</summary>
public sealed record ReportDriver(int Branch, DriverSupportCell Support, string Explanation);

/// <summary>Everything the report says about one image. Facts from images/ and from measured results only.</summary>
public sealed record ReportImage(
    string Tag,
    string Reference,
    IReadOnlyList<string> Aliases,
    string? Digest,
    string? ImageId,
    string Cuda,
    string Distro,
    string Flavor,
    string? Parent,
    string? Framework,
    string? FrameworkVersion,
    long? SizeBytes,
    long? CompressedBytes,
    string? CompressedSource,
    long? BudgetBytes,
    string MinimumDriver,
    string CompatibilityDriver,
    IReadOnlyList<string> Architectures,
    IReadOnlyList<string> PtxArchitectures,
    IReadOnlyList<ReportCheck> Checks,
    IReadOnlyList<ReportDriver> Drivers)
{
    /// <summary>What the last BuildImages did with it (built, skipped, failed, notRun); null when build.json has no record of it.</summary>
    public string? BuildStatus { get; init; }

    /// <summary>Where a framework image's CUDA libraries come from: packages (the parent's apt packages) or wheels (its own nvidia-* wheels).</summary>
    public string? CudaLibrariesFrom { get; init; }

    /// <summary>registry/repository:tag once published.</summary>
    public string? PublishedReference { get; init; }

    /// <summary>Bytes it adds over its parent image.</summary>
    public long? AddedBytes { get; init; }

    /// <summary>How an estimated compressed size was obtained, e.g. "gzip -1 of each layer tar".</summary>
    public string? CompressedMethod { get; init; }

    /// <summary>The CUDA release is no longer supported upstream (images/cuda.yaml eol).</summary>
    public bool EndOfLife { get; init; }

    /// <summary>The image's NVIDIA_REQUIRE_CUDA, which the NVIDIA Container Toolkit checks against the host driver.</summary>
    public string? RequireCuda { get; init; }

    /// <summary>The packages its flavor installs on top of its parent.</summary>
    public IReadOnlyList<string> Packages { get; init; } = [];

    /// <summary>The hash of the packages its chain installed, as its distro's lock says (label io.cudaimages.package-set); null for a distro without a lock.</summary>
    public string? PackageSet { get; init; }

    /// <summary>Its SBOMs, package count and licence summary (the supply-chain facts); null when Sbom has not described it.</summary>
    public ReportSbom? Sbom { get; init; }

    /// <summary>The platform this row's image is built for (linux/amd64, linux/arm64).</summary>
    public string Platform { get; init; } = "linux/amd64";

    /// <summary>The tag users pull; the same for every platform of an image (Tag is the local, per-platform one).</summary>
    public string? PublishedTag { get; init; }

    /// <summary>Every platform the published tag has in this run's plan: what `docker pull` serves on each.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>Every Debian package in the image (name:architecture → version), as MeasureSizes read it; null when not measured.</summary>
    public IReadOnlyDictionary<string, string>? InstalledPackages { get; init; }

    /// <summary>The packages its chain's lock takes from a security suite: name → version.</summary>
    public IReadOnlyDictionary<string, string> SecurityVersions { get; init; } = new Dictionary<string, string>();

    /// <summary>Its package changes since the previous report (Report --previous-report); null when not compared.</summary>
    public IReadOnlyList<PackageSetChange>? PackageChanges { get; init; }

    /// <summary>What Publish attached to its digest in the registry (signature, SBOMs, provenance); null when not published or not recorded.</summary>
    public Publishing.PublishedAttachments? Attachments { get; init; }

    /// <summary>Disagreements between the inputs a reader should know about, e.g. a size measured on an older build.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// artifacts/report/report.json: the machine-readable report; report.md and index.html show the same facts.
/// ReleaseNotes compares two of these. Bump <see cref="CurrentSchema"/> on any incompatible change.
/// </summary>
public sealed record ReportFile(
    int SchemaVersion,
    DateTimeOffset GeneratedAt,
    string Revision,
    string Repository,
    string? Registry,
    IReadOnlyList<int> DriverBranches,
    IReadOnlyList<ReportImage> Images)
{
    public const int CurrentSchema = 1;

    /// <summary>The artifacts the report was made from: build, smoke, sizes, publish — found or not.</summary>
    public IReadOnlyList<ReportSource> Sources { get; init; } = [];

    /// <summary>Where the smoke checks ran ("CPU-only host", "NVIDIA H200, driver 580.95.05"); null without smoke results.</summary>
    public string? SmokeHost { get; init; }

    /// <summary>When MeasureSizes measured the sizes; null when not measured.</summary>
    public DateTimeOffset? SizesMeasuredAt { get; init; }

    /// <summary>The limits of minor-version compatibility, which the grid's "compat" cells live with.</summary>
    public string? CompatibilityLimits { get; init; }

    /// <summary>Relative to the artifacts folder.</summary>
    public const string RelativePath = "report/report.json";

    public ReportImage? Find(string tag) => Images.FirstOrDefault(i => i.Tag == tag);

    public void Write(string path) => ArtifactFile.Write(path, this);

    public static ReportFile Read(string path) => ArtifactFile.Read<ReportFile>(path, CurrentSchema, "Report");
}
