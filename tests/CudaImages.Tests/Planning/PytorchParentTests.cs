using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Reporting;
using CudaImages.Smoke;
using CudaImages.Tests.Reporting;

namespace CudaImages.Tests.Planning;

/// <summary>PyTorch's CUDA wheels bring their own CUDA libraries, so its image builds on base and says where its libraries come from.</summary>
public class PytorchParentTests
{
    static readonly Lazy<ImageMatrix> Matrix = new(() =>
        MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue));

    static readonly Lazy<BuildPlan> Plan = new(() => ReportFixture.PlanOf(new Selection(["12.6.3"], ["ubuntu24.04"], ["pytorch"], [])));

    [Fact]
    public void Pytorch_builds_on_base_so_that_runtime_apt_libraries_are_not_dead_weight_beside_its_wheels()
    {
        Plan.Value.Find("12.6.3-pytorch-ubuntu24.04")!.Parent.ShouldBe("12.6.3-base-ubuntu24.04");
        Plan.Value.Images.Select(i => i.Flavor).ShouldBe(["base", "pytorch"]);
    }

    [Fact]
    public void Pytorch_plans_its_cuda_libraries_as_coming_from_its_wheels() =>
        Plan.Value.Find("12.6.3-pytorch-ubuntu24.04")!.CudaLibrariesFrom.ShouldBe(Framework.FromWheels);

    [Fact]
    public void Framework_without_cuda_libraries_from_uses_the_images_packages() =>
        Matrix.Value.Flavor("pycuda").Framework!.CudaLibrariesFrom.ShouldBe(Framework.FromPackages);

    [Fact]
    public void Pytorch_size_budget_no_longer_counts_the_runtime_libraries() =>
        Matrix.Value.Flavor("pytorch").SizeBudgetBytes.ShouldBe(9_700_000_000);

    [Fact]
    public void Report_says_the_pytorch_image_uses_the_cuda_libraries_of_its_wheels()
    {
        using var fixture = new ReportFixture();
        var image = fixture.Report(Plan.Value).Find("12.6.3-pytorch-ubuntu24.04")!;

        ReportText.Framework(image).ShouldBe("PyTorch 2.8.0 (CUDA libraries from its nvidia-* wheels)");
    }
}
