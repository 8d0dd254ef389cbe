using CudaImages.BuildEngine;
using CudaImages.Workflows;

partial class Build
{
    [Parameter("Where CollectArtifacts finds the artifacts/ folders that matrix jobs uploaded (default: downloads/)")]
    readonly AbsolutePath? Downloads;

    Target GenerateWorkflows => _ => _
        .Description("Write .github/workflows/images.yml (schedule, runners and registry from images/matrix.yaml); commit it")
        .DependsOn(Load)
        .Executes(() =>
        {
            var path = RootDirectory / ImagesWorkflow.RelativePath;
            var yaml = WorkflowYaml.Serialize(ImagesWorkflow.Build(LoadedMatrix.Settings));
            var changed = !File.Exists(path) || File.ReadAllText(path) != yaml;
            if (changed) CudaImages.Artifacts.ArtifactFile.WriteText(path, yaml);
            Log.Information(changed ? $"wrote {path}; commit it" : $"{path} is up to date");
        });

    Target CollectArtifacts => _ => _
        .Description("Fan-in on GitHub Actions: merge the artifacts/ folders of the build and gpu-smoke jobs (--downloads) into artifacts/")
        .Executes(() =>
        {
            var collected = ArtifactMerge.Collect(Downloads ?? RootDirectory / "downloads", ArtifactsDirectory);
            Log.Information($"collected {collected.Folders} folders: {collected.Images} build records, {collected.Results} smoke results, {collected.Digests} digests");
        });
}
