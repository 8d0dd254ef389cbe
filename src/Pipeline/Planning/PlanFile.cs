using CudaImages.Artifacts;

namespace CudaImages.Planning;

/// <summary>artifacts/plan.json: the plan for people and scripts (the workflow reads its tags); in memory the plan is <see cref="BuildPlan"/>.</summary>
public sealed record PlanFile(int SchemaVersion, string Repository, string Selection, IReadOnlyList<PlannedImage> Images)
{
    public const int CurrentSchema = 1;

    public const string RelativePath = "plan.json";

    public static PlanFile From(BuildPlan plan, Selection selection) => new(CurrentSchema, plan.Repository, selection.ToString(),
        plan.Images.Select(i => new PlannedImage(
            i.Tag, i.Reference, i.Aliases, i.Flavor, i.Parent, i.Cuda.Full, i.Distro.Id, i.Distro.Source.Id,
            i.BaseImage, i.InputHash, i.Packages, i.Libraries, i.SmokeChecks, i.SizeBudgetBytes, i.Framework,
            i.FrameworkVersion, i.RequireCuda, i.Cuda.MinimumDriver.Text, i.Cuda.CompatibilityDriver.Text,
            i.Cuda.Architectures, i.Cuda.PtxArchitectures, i.NeedsGpu, $"images/{i.Tag}/Dockerfile")
        { CudaLibrariesFrom = i.CudaLibrariesFrom }).ToList());

    public void Write(string path) => ArtifactFile.Write(path, this);

    public static PlanFile Read(string path) => ArtifactFile.Read<PlanFile>(path, CurrentSchema, "Plan");
}

/// <summary>One image as plan.json writes it.</summary>
public sealed record PlannedImage(
    string Tag,
    string Reference,
    IReadOnlyList<string> Aliases,
    string Flavor,
    string? Parent,
    string Cuda,
    string Distro,
    string PackageSource,
    string BaseImage,
    string InputHash,
    IReadOnlyList<string> Packages,
    IReadOnlyList<string> Libraries,
    IReadOnlyList<string> SmokeChecks,
    long? SizeBudgetBytes,
    string? Framework,
    string? FrameworkVersion,
    string RequireCuda,
    string MinimumDriver,
    string CompatibilityDriver,
    IReadOnlyList<string> Architectures,
    IReadOnlyList<string> PtxArchitectures,
    bool NeedsGpu,
    string Dockerfile)
{
    /// <summary>Where a framework image's CUDA libraries come from (packages or wheels); null without a framework.</summary>
    public string? CudaLibrariesFrom { get; init; }
}
