using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Planning;

/// <summary>The repository's own images/: the facts it must keep.</summary>
public class RepositoryMatrixTests
{
    static readonly Lazy<BuildPlan> Plan = new(() => Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue), Selection.All));

    [Theory]
    [InlineData("11.8.0", "520.61.05")]
    [InlineData("12.0.1", "525.85.12")]
    [InlineData("12.1.1", "530.30.02")]
    [InlineData("12.2.2", "535.104.05")]
    [InlineData("12.3.2", "545.23.08")]
    [InlineData("12.4.1", "550.54.15")]
    [InlineData("12.5.1", "555.42.06")]
    [InlineData("12.6.3", "560.35.05")]
    [InlineData("12.8.1", "570.124.06")]
    [InlineData("12.9.1", "575.57.08")]
    [InlineData("13.0.0", "580.65.06")]
    public void Minimum_driver_is_the_update_releases_own_from_the_release_notes(string cuda, string driver) =>
        Plan.Value.Images.First(i => i.Cuda.Full == cuda).Cuda.MinimumDriver.Text.ShouldBe(driver);

    [Theory]
    [InlineData(11, "450.80.02")]
    [InlineData(12, "525.60.13")]
    [InlineData(13, "580.65.06")]
    public void Minor_version_compatibility_floor_stays_per_major(int major, string floor) =>
        Plan.Value.Images.Where(i => i.Cuda.Major == major).ShouldAllBe(i => i.Cuda.CompatibilityDriver.Text == floor);

    [Fact]
    public void Cuda_12_5_on_ubuntu_24_04_installs_no_nccl_and_has_no_cudnn_image_as_nvidia()
    {
        var images = Plan.Value.Images.Where(i => i.Cuda.Full == "12.5.1" && i.Distro.Id == "ubuntu24.04").ToList();

        images.SelectMany(i => i.Packages).ShouldNotContain(p => p.StartsWith("libnccl"));
        images.ShouldNotContain(i => i.Flavor.StartsWith("cudnn"));
        images.Select(i => i.Flavor).ShouldContain("devel");
    }

    [Fact]
    public void Cudnn_images_are_tagged_as_nvidia_tags_them()
    {
        var cudnn = Plan.Value.Images.Where(i => i.Flavor.StartsWith("cudnn")).Select(i => i.Tag).ToList();

        cudnn.ShouldContain("11.8.0-cudnn8-runtime-ubuntu22.04");
        cudnn.ShouldContain("12.2.2-cudnn8-devel-ubuntu22.04");
        cudnn.ShouldContain("12.3.2-cudnn9-runtime-ubuntu22.04");
        cudnn.ShouldContain("12.4.1-cudnn-devel-ubuntu22.04");
        cudnn.ShouldContain("13.0.0-cudnn-runtime-ubuntu24.04");
        cudnn.ShouldNotContain(t => t.StartsWith("12.4.1-cudnn8") || t.StartsWith("12.3.2-cudnn-") || t.EndsWith("debian12") || t.EndsWith("debian13"));
    }

    [Fact]
    public void Every_ubuntu_package_is_pinned_except_cuda_compat_which_nvidia_leaves_unpinned()
    {
        var words = Plan.Value.Images.Where(i => i.Distro.Source.Pinned && i.Flavor != "pytorch").SelectMany(i => i.Packages).ToList();

        words.Where(w => !w.Contains('=')).ShouldAllBe(w => w.StartsWith("cuda-compat-"));
        words.ShouldContain("libnccl2=2.17.1-1+cuda12.1");
    }

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
