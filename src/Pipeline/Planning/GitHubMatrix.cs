using System.Text.Json;

namespace CudaImages.Planning;

/// <summary>The plan as a GitHub Actions matrix: {"include":[...]}, one entry per image.</summary>
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
}
