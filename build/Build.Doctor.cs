using CudaImages;
using CudaImages.BuildEngine;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Smoke;

partial class Build
{
    Target Doctor => _ => _
        .Description("Check this host: Docker Engine, NVIDIA runtime or CDI, driver and GPUs, which planned images it can run; writes artifacts/doctor.json (exit 0 ready, 1 not)")
        .DependsOn(Plan)
        .Executes(async () =>
        {
            using var probe = await EngineConnection.ProbeAsync(Log.Warning, CancellationToken);
            var gpus = await HostGpuProbe.ForThisHost().ProbeAsync(probe.Info, CancellationToken);
            var needed = probe.Info is null
                ? (long?)null
                : await DiskSpace.NeededOnAsync(probe.Engine, BuildPlan,
                    new BuildOptions(1, Force: false, AptProxy: null, Revision: "", LogsDirectory, LoadedMatrix.Settings.LabelPrefix), CancellationToken);
            var report = CudaImages.Smoke.Doctor.Examine(probe.Info, probe.Error, gpus, BuildPlan.Images, needed);
            var platforms = CudaImages.Smoke.Doctor.Platforms(PlannedPlatforms, CudaImages.Model.Platform.Host, p => Emulation.Problem(p, CudaImages.Model.Platform.Host));
            report = report with { Checks = [.. report.Checks, .. platforms], Ready = report.Ready && platforms.All(c => c.Status != DoctorStatus.Fail) };

            ConsoleTables.Write(DoctorTable.Render(report), DoctorTable.LogWidth);
            DoctorFile.Write(ArtifactsDirectory / DoctorFile.RelativePath, report);
            Log.Information($"wrote {ArtifactsDirectory / DoctorFile.RelativePath}");
            if (!report.Ready)
                throw new Exception("this host is not ready: " + string.Join("; ", report.Checks.Where(c => c.Status == DoctorStatus.Fail).Select(c => $"{c.Name}: {c.Fix}")));
        });
}
