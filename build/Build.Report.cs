using CudaImages.BuildEngine;
using CudaImages.Building;
using CudaImages.Reporting;

partial class Build
{
    AbsolutePath ReportDirectory => ArtifactsDirectory / "report";

    // Assured: a report is most wanted when a smoke check failed before it; without a plan there is nothing to report.
    Target Report => _ => _
        .Description("Write artifacts/report/: report.json, report.md (release bodies) and index.html (driver grid, size chart, which image to choose) from the plan and whatever build, smoke, size and publish results exist")
        .DependsOn(Plan)
        .After(BuildImages, SmokeTest, MeasureSizes, Sbom, Publish)
        .AssuredAfterFailure()
        .OnlyWhenDynamic(() => BuildPlan != null)
        .Executes(() =>
        {
            var report = CompatibilityReport.From(BuildPlan, ReportInputs.Read(ArtifactsDirectory), SourceRevision.Of(RootDirectory), DateTimeOffset.UtcNow);
            if (PreviousReport is not null)
                report = CompatibilityReport.ComparedWith(report, CudaImages.Releasing.PreviousReport.Read(PreviousReport));
            var written = ReportFiles.Write(ReportDirectory, report);
            foreach (var source in report.Sources)
                Log.Information($"{source.Name}: {source.Summary}");
            Log.Information($"wrote {string.Join(", ", written)}");
        });
}
