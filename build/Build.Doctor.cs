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
            using var engine = DockerEngine.Connect();
            EngineInfo? info = null;
            string? engineError = null;
            try
            {
                info = await engine.InfoAsync(CancellationToken);
            }
            catch (EngineUnavailableException e)
            {
                engineError = e.Message;
            }
            var gpus = await HostGpuProbe.ForThisHost().ProbeAsync(info, CancellationToken);
            var needed = info is null ? (long?)null : await DiskNeededAsync(engine);
            var report = CudaImages.Smoke.Doctor.Examine(info, engineError, gpus, BuildPlan.Images, needed);
            var platforms = CudaImages.Smoke.Doctor.Platforms(PlannedPlatforms, CudaImages.Model.Platform.Host, p => Emulation.Problem(p, CudaImages.Model.Platform.Host));
            report = report with { Checks = [.. report.Checks, .. platforms], Ready = report.Ready && platforms.All(c => c.Status != DoctorStatus.Fail) };

            ConsoleTables.Write(DoctorTable.Render(report), DoctorTable.LogWidth);
            DoctorFile.Write(ArtifactsDirectory / DoctorFile.RelativePath, report);
            Log.Information($"wrote {ArtifactsDirectory / DoctorFile.RelativePath}");
            if (!report.Ready)
                throw new Exception("this host is not ready: " + string.Join("; ", report.Checks.Where(c => c.Status == DoctorStatus.Fail).Select(c => $"{c.Name}: {c.Fix}")));
        });

    /// <summary>What building the planned images would still take on disk: the images already built and current need nothing.</summary>
    async Task<long> DiskNeededAsync(IDockerEngine engine)
    {
        var bases = new Dictionary<string, string>();
        foreach (var name in BuildPlan.Images.Where(i => i.Parent is null).Select(i => i.BaseImage).Distinct())
            if (await engine.InspectImageAsync(name, CancellationToken) is { } image)
                bases[name] = image.Id;
        var options = new BuildOptions(1, Force: false, AptProxy: null, Revision: "", LogsDirectory, LoadedMatrix.Settings.LabelPrefix);
        return DiskSpace.Needed(BuildPlan, await new ImageBuilder(engine, options).ToBuildAsync(BuildPlan, bases, CancellationToken));
    }
}
