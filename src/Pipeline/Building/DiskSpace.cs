using CudaImages.Bases;
using CudaImages.Docker;
using CudaImages.Model;
using CudaImages.Planning;

namespace CudaImages.Building;

/// <summary>
/// A devel image is several GB: check the engine's disk before building rather than failing halfway.
/// Each image needs about its size budget minus its parent's (what its own layers add).
/// </summary>
public static class DiskSpace
{
    public static long Needed(BuildPlan plan, IEnumerable<ImageSpec> toBuild) =>
        toBuild.Sum(image =>
        {
            var parentBudget = image.Parent is { } p ? plan.Find(p)?.SizeBudgetBytes ?? 0 : 0;
            return Math.Max(0, (image.SizeBudgetBytes ?? 0) - parentBudget);
        });

    /// <summary>What building the plan would still take on this engine: images already built and current need nothing.</summary>
    public static async Task<long> NeededOnAsync(IDockerEngine engine, BuildPlan plan, BuildOptions options, CancellationToken cancellationToken)
    {
        var bases = new Dictionary<string, string>();
        foreach (var name in plan.Images.Where(i => i.Parent is null).Select(i => i.BaseImage).Distinct())
            if (await engine.InspectImageAsync(name, cancellationToken) is { } image)
                bases[name] = image.Id;
        return Needed(plan, await new ImageBuilder(engine, options).ToBuildAsync(plan, bases, cancellationToken));
    }

    public static void Check(EngineInfo engine, BuildPlan plan, IReadOnlyList<ImageSpec> toBuild)
    {
        if (engine.FreeBytes is not { } free || toBuild.Count == 0) return;
        var needed = Needed(plan, toBuild);
        if (free >= needed) return;
        throw new PrerequisiteException(
            $"building {toBuild.Count} images needs about {Size.Format(needed)} under {engine.RootDirectory}, " +
            $"but only {Size.Format(free)} is free: free space (docker system prune) or build fewer images (--flavor, --cuda, --distro)");
    }
}
