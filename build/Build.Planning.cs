using CudaImages;
using CudaImages.BuildEngine;
using CudaImages.Planning;
using CudaImages.Rendering;

partial class Build
{
    Target Plan => _ => _
        .Description("Print the images that would be built (tags, aliases, parents, input hashes); write artifacts/plan.json")
        .DependsOn(Load)
        .Executes(() =>
        {
            BuildPlan = Planner.Plan(LoadedMatrix, Selection, Repository);
            if (InvokedTargets.Any(t => t.Name == nameof(Plan)))
                ConsoleTables.Write(PlanTable.Render(BuildPlan), PlanTable.LogWidth);
            PlanFile.From(BuildPlan, Selection).Write(ArtifactsDirectory / PlanFile.RelativePath);
            Log.Information($"{BuildPlan.Images.Count} images planned; wrote {ArtifactsDirectory / PlanFile.RelativePath}");
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
        .Description("Print the plan as a GitHub Actions matrix ({\"include\":[...]}); on Actions also set the step outputs 'matrix', 'chains', 'gpu-chains' and 'images' (how many)")
        .DependsOn(Load)
        .Executes(() =>
        {
            var plan = Planner.Plan(LoadedMatrix, Selection, Repository);
            var json = GitHubMatrix.Json(plan);
            CudaImages.Artifacts.ArtifactFile.WriteText(ArtifactsDirectory / GitHubMatrix.RelativePath, json + "\n");
            Console.Out.WriteLine(json);
            if (Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } output)
                File.AppendAllText(output, GitHubMatrix.StepOutputs(plan));
        });
}
