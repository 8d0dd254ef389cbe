using System.Text.Json;
using CudaImages.Artifacts;
using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Planning;

public class PlannerTests
{
    static BuildPlan PlanTiny(Selection? selection = null, Action<ScratchMatrix>? change = null)
    {
        using var scratch = new ScratchMatrix();
        change?.Invoke(scratch);
        return Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), selection ?? Selection.All);
    }

    static Selection Cuda(params string[] cuda) => Selection.All with { Cuda = cuda };

    static IEnumerable<string> Tags(BuildPlan plan) => plan.Images.Select(i => i.Tag);

    [Fact]
    public void Whole_matrix_plans_parents_before_children()
    {
        var plan = PlanTiny();

        foreach (var image in plan.Images.Where(i => i.Parent is not null))
            plan.Images.ToList().FindIndex(i => i.Tag == image.Parent).ShouldBeLessThan(plan.Images.ToList().IndexOf(image));
    }

    [Fact]
    public void Exclude_rule_removes_a_combination_and_include_rule_puts_one_back()
    {
        var tags = Tags(PlanTiny()).ToList();

        tags.ShouldNotContain("12.1.0-devel-ubuntu22.04");
        tags.ShouldContain("12.1.1-devel-ubuntu22.04");
        tags.ShouldContain("12.1.0-runtime-ubuntu22.04");
    }

    [Fact]
    public void Cuda_line_selects_only_its_newest_patch()
    {
        var plan = PlanTiny(Cuda("12.1") with { Flavors = ["base"] });

        Tags(plan).ShouldBe(["12.1.1-base-ubuntu22.04"]);
    }

    [Fact]
    public void Cuda_major_selects_every_release_of_that_major()
    {
        var plan = PlanTiny(Cuda("12") with { Flavors = ["base"] });

        Tags(plan).ShouldBe(["12.1.0-base-ubuntu22.04", "12.1.1-base-ubuntu22.04", "12.4.1-base-ubuntu22.04"]);
    }

    [Fact]
    public void Exact_cuda_version_selects_that_release_only()
    {
        var plan = PlanTiny(Cuda("12.1.0") with { Flavors = ["base"] });

        Tags(plan).ShouldBe(["12.1.0-base-ubuntu22.04"]);
    }

    [Fact]
    public void Selecting_an_image_selects_its_parents()
    {
        var plan = PlanTiny(Selection.All with { Flavors = ["devel"], Distros = ["debian12"] });

        Tags(plan).ShouldBe(["11.8.0-base-debian12", "11.8.0-runtime-debian12", "11.8.0-devel-debian12"]);
    }

    [Fact]
    public void Image_glob_selects_matching_tags()
    {
        var plan = PlanTiny(Selection.All with { Images = ["12.4.*-runtime-*"] });

        Tags(plan).ShouldBe(["12.4.1-base-ubuntu22.04", "12.4.1-runtime-ubuntu22.04"]);
    }

    [Fact]
    public void Empty_selection_is_an_error_that_lists_what_exists()
    {
        var error = Should.Throw<InputException>(() => PlanTiny(Cuda("12.4") with { Distros = ["debian12"] }));

        error.Message.ShouldContain("no image matches --cuda 12.4 --distro debian12");
        error.Message.ShouldContain("debian12: CUDA 11.8.0");
    }

    [Fact]
    public void Unknown_distro_is_an_error_naming_the_closest_one()
    {
        var error = Should.Throw<InputException>(() => PlanTiny(Selection.All with { Distros = ["debian13"] }));

        error.Message.ShouldContain("--distro debian13");
        error.Message.ShouldContain("'debian12'");
    }

    [Fact]
    public void Unknown_cuda_release_is_an_error_listing_the_releases()
    {
        var error = Should.Throw<InputException>(() => PlanTiny(Cuda("12.7")));

        error.Message.ShouldContain("--cuda 12.7");
        error.Message.ShouldContain("11.8.0, 12.1.0, 12.1.1, 12.4.1");
    }

    [Fact]
    public void Floating_tag_points_at_newest_patch_across_whole_matrix()
    {
        var plan = PlanTiny();

        plan.Find("12.1.1-base-ubuntu22.04")!.Aliases.ShouldContain("12.1-base-ubuntu22.04");
        plan.Find("12.1.0-base-ubuntu22.04")!.Aliases.ShouldBeEmpty();
    }

    [Fact]
    public void Major_alias_points_at_newest_release_of_the_major()
    {
        var plan = PlanTiny();

        plan.Find("12.4.1-runtime-ubuntu22.04")!.Aliases.ShouldBe(["12.4-runtime-ubuntu22.04", "12-runtime-ubuntu22.04"]);
        plan.Images.Where(i => i.Aliases.Contains("12-runtime-ubuntu22.04")).Count().ShouldBe(1);
    }

    [Fact]
    public void Filtering_never_moves_an_alias()
    {
        var filtered = PlanTiny(Cuda("12.1.0") with { Flavors = ["base"] });

        filtered.Images.Single().Aliases.ShouldBeEmpty();
    }

    [Fact]
    public void Images_are_named_repository_colon_tag()
    {
        using var scratch = new ScratchMatrix();
        var plan = Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Cuda("11.8") with { Distros = ["debian12"], Flavors = ["base"] }, "ghcr.io/acme/cuda");

        plan.Images.Single().Reference.ShouldBe("ghcr.io/acme/cuda:11.8.0-base-debian12");
    }

    [Fact]
    public void The_repository_is_not_an_input_each_child_s_dockerfile_names_its_parent_under_its_own_and_the_hashes_are_the_same()
    {
        // A run under another repository (the tests', a fork's registry) must hash, label and so cache the same layers.
        var matrix = MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue);
        var selection = Cuda("11.8") with { Distros = ["debian12"] };
        var ours = Planner.Plan(matrix, selection, "localhost:5000/cuda").Images;
        var theirs = Planner.Plan(matrix, selection, "ghcr.io/acme/cuda").Images;

        ours.Select(i => i.InputHash).ShouldBe(theirs.Select(i => i.InputHash));
        var runtime = ours.Single(i => i.Flavor == "runtime");
        runtime.Dockerfile.ShouldContain("ARG PARENT_IMAGE=localhost:5000/cuda:11.8.0-base-debian12\n");
        theirs.Single(i => i.Flavor == "runtime").Dockerfile.ShouldContain("ARG PARENT_IMAGE=ghcr.io/acme/cuda:11.8.0-base-debian12\n");
        ours.ShouldAllBe(i => !i.Dockerfile.Contains("cudaimages-parent-image"));
        // What the parent is still counts: a changed parent changes every child's hash (PlanCacheTests and InputHashTests).
    }

    [Theory]
    [InlineData("localhost:5000/cuda", true)]
    [InlineData("ghcr.io/acme/cuda", true)]
    [InlineData("Ghcr.io/Acme/cuda", false)]
    [InlineData("cuda images", false)]
    public void Repository_must_be_one_the_engine_accepts(string repository, bool accepted)
    {
        using var scratch = new ScratchMatrix();
        var plan = () => Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Cuda("11.8") with { Distros = ["debian12"] }, repository);

        if (accepted) plan().Images[0].Reference.ShouldStartWith(repository + ":");
        else Should.Throw<InputException>(plan).Message.ShouldContain($"--repository {repository}");
    }

    [Fact]
    public void Package_names_get_the_cuda_version_filled_in()
    {
        var plan = PlanTiny(Cuda("12.4.1") with { Flavors = ["base"] });

        plan.Images.Single().Packages.ShouldBe(["cuda-cudart-12-4"]);
    }

    [Fact]
    public void Matrix_json_has_one_entry_per_image_with_its_gpu_need()
    {
        var plan = PlanTiny(Selection.All with { Distros = ["debian12"] });

        var json = System.Text.Json.JsonDocument.Parse(GitHubMatrix.Json(plan));
        var include = json.RootElement.GetProperty("include").EnumerateArray().ToList();
        include.Count.ShouldBe(3);
        include[0].GetProperty("tag").GetString().ShouldBe("11.8.0-base-debian12");
        include[0].GetProperty("parent").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        include[0].GetProperty("gpu").GetBoolean().ShouldBeFalse();
        include[1].GetProperty("parent").GetString().ShouldBe("11.8.0-base-debian12");
        include[1].GetProperty("gpu").GetBoolean().ShouldBeTrue();
        include[1].GetProperty("cuda").GetString().ShouldBe("11.8.0");
        include[1].GetProperty("flavor").GetString().ShouldBe("runtime");
        include[1].GetProperty("distro").GetString().ShouldBe("debian12");
    }

    [Fact]
    public void Chains_json_has_one_entry_per_cuda_release_on_a_distro_sorted_as_the_workflow_had_them()
    {
        var plan = PlanTiny();

        GitHubMatrix.Chains(plan).ShouldBe("""
            {"include":[{"cuda":"11.8.0","distro":"debian12","platform":"linux/amd64","arch":"amd64"},{"cuda":"11.8.0","distro":"ubuntu22.04","platform":"linux/amd64","arch":"amd64"},{"cuda":"12.1.0","distro":"ubuntu22.04","platform":"linux/amd64","arch":"amd64"},{"cuda":"12.1.1","distro":"ubuntu22.04","platform":"linux/amd64","arch":"amd64"},{"cuda":"12.4.1","distro":"ubuntu22.04","platform":"linux/amd64","arch":"amd64"}]}
            """);
    }

    [Fact]
    public void Gpu_chains_leave_out_chains_whose_images_run_no_gpu_check()
    {
        var plan = PlanTiny(Cuda("11.8.0") with { Flavors = ["base"] });

        GitHubMatrix.Chains(plan).ShouldBe("""{"include":[{"cuda":"11.8.0","distro":"debian12","platform":"linux/amd64","arch":"amd64"},{"cuda":"11.8.0","distro":"ubuntu22.04","platform":"linux/amd64","arch":"amd64"}]}""");
        GitHubMatrix.Chains(plan, gpuOnly: true).ShouldBe("""{"include":[]}""");
    }

    [Fact]
    public void Step_outputs_hand_the_workflow_the_matrix_the_chains_and_the_gpu_chains()
    {
        var plan = PlanTiny(Cuda("11.8.0") with { Distros = ["debian12"] });

        GitHubMatrix.StepOutputs(plan).ShouldBe(
            $"matrix={GitHubMatrix.Json(plan)}\nchains={GitHubMatrix.Chains(plan)}\ngpu-chains={GitHubMatrix.Chains(plan, gpuOnly: true)}\nimages={plan.Images.Count}\n");
        GitHubMatrix.Chains(plan, gpuOnly: true).ShouldBe("""{"include":[{"cuda":"11.8.0","distro":"debian12","platform":"linux/amd64","arch":"amd64"}]}""");
    }

    [Fact]
    public void Plan_file_round_trips_every_image()
    {
        var plan = PlanTiny(Selection.All with { Distros = ["debian12"] });
        var path = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():n}.json");

        PlanFile.From(plan, Selection.All).Write(path);
        var read = JsonSerializer.Deserialize<PlanFile>(File.ReadAllText(path), ArtifactFile.Json)!;
        File.Delete(path);

        read.Images.Select(i => (i.Tag, i.InputHash, i.Parent)).ShouldBe(plan.Images.Select(i => (i.Tag, i.InputHash, i.Parent)));
    }
}
