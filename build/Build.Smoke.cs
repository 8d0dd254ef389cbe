using CudaImages;
using CudaImages.BuildEngine;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Smoke;

partial class Build
{
    [Parameter("GPUs for the smoke checks, as docker run --gpus: all, 2 or device=0,1 (default: all on a GPU host)")]
    readonly string? Gpus;

    [Parameter("Container runtime for the smoke checks' GPU containers, e.g. nvidia (hosts without --gpus support)")]
    readonly string? Runtime;

    Target SmokeTest => _ => _
        .Description("Run each flavor's smoke checks in the built images; GPU checks on GPU hosts, 'not run: no GPU' elsewhere; writes artifacts/smoke/results.json and junit.xml")
        .DependsOn(Plan)
        .After(BuildImages)
        .Executes(async () =>
        {
            var gpus = ParseGpus();
            Emulation.Require(PlannedPlatforms);
            var (engine, info) = await EngineConnection.ConnectAsync(Log.Warning, CancellationToken);
            using var _engine = engine;
            var host = HostGpus.Host(await HostGpuProbe.ForThisHost().ProbeAsync(info, CancellationToken));
            Log.Information($"smoke checks on {host.Description}");

            var runner = new SmokeRunner(engine, host, ArtifactsDirectory / "smoke" / "work", gpus ?? (host.HasGpu ? GpuRequest.All : null),
                Runtime, ImagesDirectory / "smoke")
            { Built = CudaImages.Building.BuildFile.Read(ArtifactsDirectory / CudaImages.Building.BuildFile.RelativePath).Images };
            var results = await runner.RunAsync(BuildPlan.Images, CancellationToken);
            SmokeResultsFile.From(host, results).Write(ArtifactsDirectory / SmokeResultsFile.RelativePath);
            JUnitReport.Write(ArtifactsDirectory / JUnitReport.RelativePath, results);
            ReportSmoke(results);
        });

    GpuRequest? ParseGpus()
    {
        try
        {
            return Gpus is null ? null : GpuRequest.Parse(Gpus);
        }
        catch (FormatException e)
        {
            throw new InputException($"--gpus {Gpus}: {e.Message}");
        }
    }

    void ReportSmoke(IReadOnlyList<SmokeResult> results)
    {
        if (Verbosity > Verbosity.Quiet) ConsoleTables.Write(SmokeTable.Render(results), SmokeTable.LogWidth);
        var failed = results.Where(r => r.Status == SmokeStatus.Failed).ToList();
        Log.Information($"{results.Count(r => r.Status == SmokeStatus.Passed)} passed, {failed.Count} failed, " +
                        $"{results.Count(r => r.Status == SmokeStatus.NotRun)} not run; wrote {ArtifactsDirectory / SmokeResultsFile.RelativePath} and junit.xml");
        if (failed.Count > 0)
            throw new Exception($"{failed.Count} smoke check(s) failed: " + string.Join("; ", failed.Select(f => $"{f.Image} {f.Check}: {f.Reason}")));
    }
}
