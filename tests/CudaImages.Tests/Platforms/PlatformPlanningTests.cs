using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Platforms;

public class PlatformPlanningTests
{
    static readonly Lazy<ImageMatrix> Matrix = new(() => MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue));

    static BuildPlan Plan(string cuda, string distro, params string[] platforms) =>
        Planner.Plan(Matrix.Value, Selection.All with { Cuda = [cuda], Distros = [distro], Flavors = ["runtime"], Platforms = platforms });

    [Fact]
    public void Both_platforms_plan_one_chain_each_with_arm64_names_beside_the_amd64_ones()
    {
        var plan = Plan("11.8", "debian12", "linux/amd64,linux/arm64");

        plan.Images.Select(i => (i.Tag, i.Platform.Id, i.Parent)).ShouldBe([
            ("11.8.0-base-debian12", "linux/amd64", null),
            ("11.8.0-runtime-debian12", "linux/amd64", "11.8.0-base-debian12"),
            ("11.8.0-base-debian12-arm64", "linux/arm64", null),
            ("11.8.0-runtime-debian12-arm64", "linux/arm64", "11.8.0-base-debian12-arm64"),
        ]);
    }

    [Fact]
    public void Platforms_of_one_image_share_its_published_tag_and_aliases()
    {
        var plan = Plan("11.8", "debian12", "linux/amd64", "linux/arm64");

        var runtime = plan.Images.Where(i => i.Flavor == "runtime").ToList();
        runtime.Select(i => i.PublishedTag).Distinct().ShouldBe(["11.8.0-runtime-debian12"]);
        runtime[0].Aliases.ShouldBe(runtime[1].Aliases);
    }

    [Fact]
    public void Arm64_base_is_the_distros_base_under_its_own_local_name()
    {
        var arm = Plan("11.8", "debian12", "linux/arm64").Images.Single(i => i.Parent is null);

        arm.BaseImage.ShouldBe("debian:12-arm64");
        arm.Reference.ShouldBe("cuda:11.8.0-base-debian12-arm64");
    }

    [Fact]
    public void Arm64_and_amd64_images_of_one_tag_have_different_input_hashes()
    {
        var plan = Plan("11.8", "debian12", "linux/amd64,linux/arm64");

        plan.Images.Select(i => i.InputHash).Distinct().Count().ShouldBe(plan.Images.Count);
    }

    [Fact]
    public void Nvidia_arm64_images_say_only_cuda_line_in_NVIDIA_REQUIRE_CUDA()
    {
        var plan = Plan("12.4", "ubuntu22.04", "linux/amd64,linux/arm64");

        var arm = plan.Images.Single(i => i.Tag == "12.4.1-base-ubuntu22.04-arm64");
        arm.RequireCuda.ShouldBe("cuda>=12.4");
        arm.Dockerfile.ShouldContain("NVIDIA_REQUIRE_CUDA=\"cuda>=12.4\"");
        plan.Images.Single(i => i.Tag == "12.4.1-base-ubuntu22.04").RequireCuda.ShouldContain("brand=tesla,driver>=470,driver<471");
    }

    [Fact]
    public void Nvidia_repository_path_is_sbsa_for_arm64_and_x86_64_for_amd64()
    {
        var plan = Plan("12.4", "ubuntu22.04", "linux/amd64,linux/arm64");

        plan.Images.Single(i => i.Tag == "12.4.1-base-ubuntu22.04-arm64").Dockerfile.ShouldContain("/repos/ubuntu2204/sbsa/");
        plan.Images.Single(i => i.Tag == "12.4.1-base-ubuntu22.04").Dockerfile.ShouldContain("/repos/ubuntu2204/x86_64/");
    }

    [Fact]
    public void An_image_is_published_in_an_index_when_its_tag_has_several_platforms_or_it_is_arm64s_alone()
    {
        var both = Plan("11.8.0", "debian12", "linux/amd64", "linux/arm64");
        var amd64 = Plan("11.8.0", "debian12", "linux/amd64");
        var arm64 = Plan("11.8.0", "debian12", "linux/arm64");

        both.Images.ShouldAllBe(i => both.PublishedInIndex(i));
        amd64.Images.ShouldAllBe(i => !amd64.PublishedInIndex(i));
        arm64.Images.ShouldAllBe(i => arm64.PublishedInIndex(i));
    }

    [Fact]
    public void Without_platform_only_this_machines_platform_is_planned()
    {
        var plan = Plan("11.8", "debian12");

        plan.Images.ShouldAllBe(i => i.Platform == Platform.Host);
    }

    [Fact]
    public void Unknown_platform_is_bad_input_that_names_the_known_ones()
    {
        var error = Should.Throw<InputException>(() => Plan("11.8", "debian12", "linux/s390x"));

        error.Message.ShouldBe("--platform linux/s390x: not a platform the pipeline builds; use linux/amd64 or linux/arm64, comma-separated for several");
    }

    [Fact]
    public void Platform_a_distro_does_not_offer_is_bad_input_that_names_what_it_offers()
    {
        using var scratch = new ScratchMatrix("engine-tiny");
        scratch.Replace("distros.yaml", "    cuda: [11.8.0, 12.4.1]", "    platforms: [linux/amd64]\n    cuda: [11.8.0, 12.4.1]");
        var matrix = MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue);

        var error = Should.Throw<InputException>(() => Planner.Plan(matrix, Selection.All with { Cuda = ["11.8"], Distros = ["debian12"], Platforms = ["linux/arm64"] }));

        error.Message.ShouldContain("--platform linux/arm64: debian12 does not offer it (images/distros.yaml gives it linux/amd64)");
    }

    [Fact]
    public void Arm64_images_install_the_packages_of_their_own_lock_sections()
    {
        var plan = Plan("11.8", "debian12", "linux/amd64,linux/arm64");

        plan.Images.Select(i => (i.Tag, i.Lock?.Tag)).ShouldBe([
            ("11.8.0-base-debian12", "11.8.0-base-debian12"),
            ("11.8.0-runtime-debian12", "11.8.0-runtime-debian12"),
            ("11.8.0-base-debian12-arm64", "11.8.0-base-debian12-arm64"),
            ("11.8.0-runtime-debian12-arm64", "11.8.0-runtime-debian12-arm64"),
        ]);
    }

    [Fact]
    public void The_workflow_plans_every_image_of_the_matrix_for_every_platform_each_distro_offers()
    {
        // Every job of the generated workflow plans with PLATFORM=linux/amd64,linux/arm64 before it narrows to its chain.
        var plan = Planner.Plan(Matrix.Value, Selection.All with { Platforms = ["linux/amd64,linux/arm64"] });

        var amd64 = plan.Images.Where(i => i.Platform == Platform.Amd64).Select(i => i.PublishedTag).ToList();
        amd64.ShouldBe(Planner.Candidates(Matrix.Value).Select(c => c.Tag), ignoreOrder: true);
        plan.Images.Where(i => i.Platform == Platform.Arm64).Select(i => i.PublishedTag).ShouldBe(amd64, ignoreOrder: true);
    }

    [Fact]
    public void Arm64_image_without_its_lock_section_is_a_located_error_naming_the_Lock_command_for_the_platform()
    {
        using var scratch = new ScratchMatrix(TestPaths.Images);
        var lockText = File.ReadAllText(scratch.PathOf("locks/debian12.lock"));
        var section = "[11.8.0-devel-debian12-arm64]";
        var start = lockText.IndexOf(section, StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0);
        var end = lockText.IndexOf("\n[", start + section.Length, StringComparison.Ordinal);
        scratch.Write("locks/debian12.lock", lockText[..start] + (end < 0 ? "" : lockText[(end + 1)..]));

        var error = Should.Throw<MatrixException>(() => Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue),
            Selection.All with { Cuda = ["11.8"], Distros = ["debian12"], Flavors = ["devel"], Platforms = ["linux/arm64"] }));

        error.Errors.Single().ToString().ShouldStartWith("images/locks/debian12.lock:1:1: no packages locked for 11.8.0-devel-debian12-arm64");
        error.Errors.Single().ToString().ShouldContain("./build.sh Lock --distro debian12 --platform linux/arm64");
    }
}
