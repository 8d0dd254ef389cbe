using System.Text.Json.Serialization;
using CudaImages.Artifacts;

namespace CudaImages.Reporting;

[JsonConverter(typeof(JsonStringEnumConverter<DriverSupportCell>))]
public enum DriverSupportCell { Full, MinorVersionCompatibility, NotSupported }

/// <summary>One smoke check's outcome as the report shows it: passed / failed / notRun, why, and where it ran.</summary>
public sealed record ReportCheck(string Name, string Status, string? Reason, string? Where);

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
    IReadOnlyList<ReportDriver> Drivers);

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

    /// <summary>Relative to the artifacts folder.</summary>
    public const string RelativePath = "report/report.json";

    public ReportImage? Find(string tag) => Images.FirstOrDefault(i => i.Tag == tag);

    public void Write(string path) => ArtifactFile.Write(path, this);

    public static ReportFile Read(string path) => ArtifactFile.Read<ReportFile>(path, CurrentSchema, f => f.SchemaVersion, "Report");
}
