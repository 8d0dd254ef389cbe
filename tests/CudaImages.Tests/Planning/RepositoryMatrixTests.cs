using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Planning;

/// <summary>The repository's own images/: the facts it must keep.</summary>
public class RepositoryMatrixTests
{
    static readonly Lazy<BuildPlan> Plan = new(() => Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue), Selection.All));

    [Fact]
    public void Debian_12_offers_cuda_11_8_and_debian_13_offers_12_4_1()
    {
        Plan.Value.Images.Where(i => i.Distro.Id == "debian12").Select(i => i.Cuda.Full).Distinct().ShouldBe(["11.8.0"]);
        Plan.Value.Images.Where(i => i.Distro.Id == "debian13").Select(i => i.Cuda.Full).Distinct().ShouldBe(["12.4.1"]);
    }

    [Fact]
    public void Pycuda_is_built_on_devel_on_debian_only()
    {
        var pycuda = Plan.Value.Images.Where(i => i.Flavor == "pycuda").ToList();

        pycuda.Select(i => i.Tag).ShouldBe(["11.8.0-pycuda-debian12", "12.4.1-pycuda-debian13"], ignoreOrder: true);
        pycuda.ShouldAllBe(i => i.Parent!.Contains("-devel-"));
    }

    [Fact]
    public void Pytorch_is_built_on_base_only_where_wheels_exist()
    {
        var pytorch = Plan.Value.Images.Where(i => i.Flavor == "pytorch").ToList();

        pytorch.ShouldAllBe(i => i.Distro.Source.Id == "nvidia-apt" && i.Parent!.Contains("-base-"));
        pytorch.Select(i => i.Cuda.Line).ShouldNotContain("12.2");
        pytorch.ShouldContain(i => i.Tag == "12.4.1-pytorch-ubuntu22.04" && i.FrameworkVersion == "2.6.0");
    }

    [Fact]
    public void Debian_images_never_install_the_driver()
    {
        foreach (var image in Plan.Value.Images.Where(i => i.Distro.Source.Id == "debian" && i.Parent is null))
        {
            var placeholder = image.Dockerfile.IndexOf("dpkg -i /tmp/driver-from-host.deb", StringComparison.Ordinal);
            placeholder.ShouldBeGreaterThan(0, image.Tag);
            placeholder.ShouldBeLessThan(image.Dockerfile.IndexOf("install -y --no-install-recommends", StringComparison.Ordinal), image.Tag);
            image.Dockerfile.ShouldContain($"libcuda.so.1 (= {image.Cuda.MinimumDriver})");
        }
    }

    [Fact]
    public void Every_dockerfile_removes_apt_lists_in_the_layer_that_installs()
    {
        foreach (var image in Plan.Value.Images)
        {
            image.Dockerfile.ShouldContain("--no-install-recommends", customMessage: image.Tag);
            image.Dockerfile.ShouldContain("rm -rf /var/lib/apt/lists/*", customMessage: image.Tag);
        }
    }

    [Fact]
    public void Cuda_12_4_1_needs_driver_550_54_15_or_525_60_13_with_minor_version_compatibility()
    {
        var cuda = Plan.Value.Find("12.4.1-base-debian13")!.Cuda;

        cuda.MinimumDriver.Text.ShouldBe("550.54.15");
        cuda.CompatibilityDriver.Text.ShouldBe("525.60.13");
    }
}
