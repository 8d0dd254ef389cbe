using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Rendering;

/// <summary>
/// Generated Dockerfiles of representative images of the repository's own matrix, compared with
/// approved baselines in Baselines/. A change writes &lt;tag&gt;.Dockerfile.received beside the
/// baseline: review it, and rename it over the baseline to approve.
/// </summary>
public class DockerfileBaselineTests
{
    static readonly Lazy<BuildPlan> Plan = new(() => Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue), Selection.All));

    [Theory]
    [InlineData("12.4.1-base-ubuntu22.04")]
    [InlineData("12.4.1-runtime-ubuntu22.04")]
    [InlineData("12.4.1-devel-ubuntu22.04")]
    [InlineData("12.6.3-pytorch-ubuntu24.04")]
    [InlineData("12.4.1-cudnn-devel-ubuntu22.04")]
    [InlineData("11.8.0-cudnn8-runtime-ubuntu22.04")]
    [InlineData("13.0.0-base-ubuntu24.04")]
    [InlineData("11.8.0-base-debian12")]
    [InlineData("11.8.0-runtime-debian12")]
    [InlineData("11.8.0-devel-debian12")]
    [InlineData("12.4.1-pycuda-debian13")]
    public void Generated_dockerfile_matches_its_approved_baseline(string tag)
    {
        var image = Plan.Value.Find(tag).ShouldNotBeNull();
        var baseline = Path.Combine(TestPaths.Tests, "Baselines", $"{tag}.Dockerfile");
        var received = baseline + ".received";

        if (File.Exists(baseline) && File.ReadAllText(baseline) == image.Dockerfile)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, image.Dockerfile);
        throw new Xunit.Sdk.XunitException(File.Exists(baseline)
            ? $"{tag}: the Dockerfile differs from its baseline; compare {received} with {baseline}"
            : $"{tag}: no baseline yet; review {received} and rename it to {Path.GetFileName(baseline)}");
    }
}
