using CudaImages;
using CudaImages.Artifacts;
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
            var planFile = ArtifactsDirectory / PlanFile.RelativePath;
            if (ReplayedPlan is { } replayed)
            {
                Console.Out.Write(replayed.Table);
                ArtifactFile.WriteText(planFile, replayed.PlanJson);
                Log.Information(replayed.PlanLine);
                return;
            }
            BuildPlan = Planner.Plan(LoadedMatrix, Selection, Repository);
            var table = InvokedTargets.Any(t => t.Name == nameof(Plan)) ? ConsoleTables.Render(PlanTable.Render(BuildPlan), PlanTable.LogWidth) : "";
            Console.Out.Write(table);
            var json = ArtifactFile.Serialize(PlanFile.From(BuildPlan, Selection));
            ArtifactFile.WriteText(planFile, json);
            var line = $"{BuildPlan.Images.Count} images planned; wrote {planFile}";
            Log.Information(line);
            // Kept only when images/ is as it was before Load read it: a file saved meanwhile must not be cached under the old key.
            if (PlanKey is { } key && PlanCacheKey() == key) PlanCaches?.Write(key, new PlanCache.Entry(LoadLines, table, line, json));
        });

    [Parameter("Where Plan keeps what it printed and wrote, for the next run with the same images/, parameters and build program (default: $XDG_CACHE_HOME/cudaimages/plans, else ~/.cache/cudaimages/plans); 'none' keeps nothing")]
    readonly string? PlanCacheDirectory;

    PlanCache.Entry? ReplayedPlan;
    string? PlanKey;
    IReadOnlyList<string> LoadLines = [];

    PlanCache? PlanCaches => PlanCacheDirectory switch
    {
        "none" => null,
        { Length: > 0 } directory => new PlanCache(Path.GetFullPath(directory)),
        _ => PlanCache.ForUser(Environment.GetEnvironmentVariable),
    };

    /// <summary>A plan is kept and replayed only for a run of Plan alone: any other target needs the loaded matrix itself.</summary>
    PlanCache.Entry? CachedPlan() => (PlanKey = PlanCacheKey()) is { } key ? PlanCaches?.TryRead(key) : null;

    string? PlanCacheKey()
    {
        if (PlanCaches is null || Schedule.Count != 2 || !Schedule.Any(t => t.Name == nameof(Plan)) || !Schedule.Any(t => t.Name == nameof(Load)))
            return null;
        string Joined(IEnumerable<string> values) => string.Join('\u001f', values);
        return PlanCache.Key(ImagesDirectory,
        [
            PlanCache.ProgramFact(AppContext.BaseDirectory),
            $"runtime {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription} culture {System.Globalization.CultureInfo.CurrentCulture.Name}",
            $"root {RootDirectory}",
            $"artifacts {ArtifactsDirectory}",
            $"cuda {Joined(Cuda)}",
            $"distro {Joined(Distro)}",
            $"flavor {Joined(Flavor)}",
            $"image {Joined(Image)}",
            Repository is null ? "repository unset" : $"repository set {Repository}",
            $"base-image {Joined(BaseImage)}",
            $"package-repository {Joined(PackageRepository)}",
            ConsoleTables.Fact(PlanTable.LogWidth),
        ]);
    }

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
