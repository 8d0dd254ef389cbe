using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Rendering;

public class NvidiaRequireCudaTests
{
    static ImageSpec Image(string tag)
    {
        using var scratch = new ScratchMatrix();
        return Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All).Find(tag)!;
    }

    [Fact]
    public void Nvidia_repo_image_requires_its_line_or_a_forward_compatible_datacenter_branch() =>
        Image("12.1.1-base-ubuntu22.04").RequireCuda.ShouldBe(
            "cuda>=12.1 brand=tesla,driver>=470,driver<471 brand=geforce,driver>=470,driver<471 " +
            "brand=tesla,driver>=525,driver<526 brand=geforce,driver>=525,driver<526");

    [Fact]
    public void Debian_image_without_cuda_compat_requires_its_line_only() =>
        Image("11.8.0-base-debian12").RequireCuda.ShouldBe("cuda>=11.8");

    [Fact]
    public void Root_image_sets_the_cuda_environment_and_children_inherit_it()
    {
        var base_ = Image("12.4.1-base-ubuntu22.04").Dockerfile;
        var runtime = Image("12.4.1-runtime-ubuntu22.04").Dockerfile;

        base_.ShouldContain("ENV CUDA_VERSION=\"12.4.1\"");
        base_.ShouldContain("ENV NVIDIA_REQUIRE_CUDA=\"cuda>=12.4\"");
        runtime.ShouldNotContain("CUDA_VERSION");
    }
}
