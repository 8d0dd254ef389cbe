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

    /// <summary>{"include":[{"cuda","distro"}...]}, one entry per chain, sorted; <paramref name="gpuOnly"/> keeps the chains with a GPU check.</summary>
    public static string Chains(BuildPlan plan, bool gpuOnly = false) =>
        JsonSerializer.Serialize(new
        {
            include = plan.Images.Where(i => !gpuOnly || i.NeedsGpu)
                .Select(i => (Cuda: i.Cuda.Full, Distro: i.Distro.Id)).Distinct()
                .OrderBy(c => c.Cuda, StringComparer.Ordinal).ThenBy(c => c.Distro, StringComparer.Ordinal)
                .Select(c => new { cuda = c.Cuda, distro = c.Distro }),
        });

    /// <summary>The lines for $GITHUB_OUTPUT: the step outputs matrix, chains and gpu-chains that the workflow's plan job hands on, and how many images there are.</summary>
    public static string StepOutputs(BuildPlan plan) =>
        $"matrix={Json(plan)}\nchains={Chains(plan)}\ngpu-chains={Chains(plan, gpuOnly: true)}\nimages={plan.Images.Count}\n";
}
