using CudaImages.BuildEngine;
using CudaImages.Docker;
using CudaImages.Smoke;
using Spectre.Console;

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
            // Free disk is shown with the engine; whether it suffices is BuildImages' check, which knows what is already built.
            var report = CudaImages.Smoke.Doctor.Examine(info, engineError, gpus, BuildPlan.Images, freeBytesNeeded: null);

            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
            AnsiConsole.Write(DoctorTable.Render(report));
            DoctorFile.Write(ArtifactsDirectory / DoctorFile.RelativePath, report);
            Log.Information($"wrote {ArtifactsDirectory / DoctorFile.RelativePath}");
            if (!report.Ready)
                throw new Exception("this host is not ready: " + string.Join("; ", report.Checks.Where(c => c.Status == DoctorStatus.Fail).Select(c => $"{c.Name}: {c.Fix}")));
        });
}
