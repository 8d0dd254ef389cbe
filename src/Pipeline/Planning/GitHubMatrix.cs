using System.Text.Json;

namespace CudaImages.Planning;

/// <summary>
/// The plan as GitHub Actions matrices: {"include":[...]} with one entry per image, and the chains (a CUDA release on
/// a distro) the workflow's build and gpu-smoke jobs fan out over.
/// </summary>
public static class GitHubMatrix
{
    public const string RelativePath = "matrix.json";

    public static string Json(BuildPlan plan) =>
        JsonSerializer.Serialize(new
        {
            include = plan.Images.Select(i => new
            {
                tag = i.Tag,
                parent = i.Parent,
                flavor = i.Flavor,
                cuda = i.Cuda.Full,
                distro = i.Distro.Id,
                gpu = i.NeedsGpu,
            }),
        });

    /// <summary>
    /// {"include":[{"cuda","distro","platform","arch"}...]}, one entry per chain and platform, sorted; <paramref name="gpuOnly"/> keeps
    /// the linux/amd64 chains with a GPU check (the GPU runners images/matrix.yaml names are x64).
    /// </summary>
    public static string Chains(BuildPlan plan, bool gpuOnly = false) =>
        JsonSerializer.Serialize(new
        {
            include = plan.Images.Where(i => !gpuOnly || (i.NeedsGpu && i.Platform == Model.Platform.Amd64))
                .Select(i => (Cuda: i.Cuda.Full, Distro: i.Distro.Id, i.Platform)).Distinct()
                .OrderBy(c => c.Cuda, StringComparer.Ordinal).ThenBy(c => c.Distro, StringComparer.Ordinal).ThenBy(c => c.Platform.Id, StringComparer.Ordinal)
                .Select(c => new { cuda = c.Cuda, distro = c.Distro, platform = c.Platform.Id, arch = c.Platform.Architecture }),
        });

    /// <summary>The lines for $GITHUB_OUTPUT: the step outputs matrix, chains and gpu-chains that the workflow's plan job hands on, and how many images there are.</summary>
    public static string StepOutputs(BuildPlan plan) =>
        $"matrix={Json(plan)}\nchains={Chains(plan)}\ngpu-chains={Chains(plan, gpuOnly: true)}\nimages={plan.Images.Count}\n";
}
