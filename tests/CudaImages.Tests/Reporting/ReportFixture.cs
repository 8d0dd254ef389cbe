using CudaImages.Building;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Publishing;
using CudaImages.Reporting;
using CudaImages.Sizes;
using CudaImages.Smoke;

namespace CudaImages.Tests.Reporting;

/// <summary>
/// Reports made from the repository's own Debian images (11.8.0 on debian12, 12.4.1 on debian13) and the artifacts in
/// Fixtures/report/, copied into a scratch artifacts folder with only the files a test asks for.
/// </summary>
public sealed class ReportFixture : IDisposable
{
    public const string Build = BuildFile.RelativePath;
    public const string Smoke = SmokeResultsFile.RelativePath;
    public const string Sizes = SizesFile.RelativePath;
    public const string Publish = PublishFile.RelativePath;
    public static readonly string[] Everything = [Build, Smoke, Sizes, Publish];

    public static readonly DateTimeOffset GeneratedAt = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    static readonly Lazy<BuildPlan> DebianPlan = new(() => PlanOf(new Selection([], ["debian12", "debian13"], [], [])));

    public ReportFixture(params string[] files)
    {
        Artifacts = Directory.CreateTempSubdirectory("report-artifacts-").FullName;
        foreach (var file in files)
        {
            var target = Path.Combine(Artifacts, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(TestPaths.Fixture("report"), file), target);
        }
    }

    public string Artifacts { get; }

    public static BuildPlan Plan => DebianPlan.Value;

    public static BuildPlan PlanOf(Selection selection) => Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue), selection);

    public ReportFile Report(BuildPlan? plan = null) =>
        CompatibilityReport.From(plan ?? Plan, ReportInputs.Read(Artifacts), "0123456789abcdef0123456789abcdef01234567", GeneratedAt);

    public static ReportFile With(params string[] files)
    {
        using var fixture = new ReportFixture(files);
        return fixture.Report();
    }

    public void Dispose() => Directory.Delete(Artifacts, recursive: true);
}
