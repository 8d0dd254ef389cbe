using CudaImages.BuildEngine;
using CudaImages.Planning;
using CudaImages.Rendering;
using Spectre.Console;

partial class Build
{
    Target Plan => _ => _
        .Description("Print the images that would be built (tags, aliases, parents, input hashes); write artifacts/plan.json")
        .DependsOn(Load)
        .Executes(() =>
        {
            BuildPlan = Planner.Plan(LoadedMatrix, Selection, Repository);
            if (InvokedTargets.Any(t => t.Name == nameof(Plan)))
            {
                // CI logs are wide; folding each cell into 80 columns makes the table unreadable there.
                if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;
                AnsiConsole.Write(PlanTable.Render(BuildPlan));
            }
            PlanFile.From(BuildPlan, Selection).Write(ArtifactsDirectory / "plan.json");
            Log.Information($"{BuildPlan.Images.Count} images planned; wrote {ArtifactsDirectory / "plan.json"}");
        });

    Target Generate => _ => _
        .Description("Write each planned image's Dockerfile and build context to artifacts/images/<tag>/")
        .DependsOn(Plan)
        .Executes(() =>
        {
            var folders = GeneratedImages.Write(ArtifactsDirectory, BuildPlan);
            Log.Information($"wrote {folders.Count} Dockerfiles under {ArtifactsDirectory / GeneratedImages.Folder}");
        });

    Target Matrix => _ => _
        .Description("Print the plan as a GitHub Actions matrix ({\"include\":[...]}); on Actions also set the step output 'matrix'")
        .DependsOn(Load)
        .Executes(() =>
        {
            var json = GitHubMatrix.Json(Planner.Plan(LoadedMatrix, Selection, Repository));
            CudaImages.Artifacts.ArtifactFile.WriteText(ArtifactsDirectory / "matrix.json", json + "\n");
            Console.Out.WriteLine(json);
            if (Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } output)
                File.AppendAllText(output, $"matrix={json}\n");
        });
}
