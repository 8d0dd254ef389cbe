using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Publishing;
using CudaImages.Smoke;

namespace CudaImages.Tests.Publishing;

public class SmokeGateTests
{
    static readonly ImageSpec Runtime = Planner.Plan(MatrixLoader.Load(TestPaths.Fixture("engine-tiny"), SmokeCheckRegistry.Default.Catalogue), Selection.All, "cuda")
        .Find("11.8.0-runtime-debian12")!;

    const string ImageId = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    static SmokeResult Result(string check, SmokeStatus status, string? reason = null, string image = "11.8.0-runtime-debian12") =>
        new(image, check, status, reason, 0.1, null, "test host", ImageId);

    static string? Gate(IReadOnlyList<string> required, params SmokeResult[] results) =>
        new SmokeGate(results, new Dictionary<string, IReadOnlyList<string>> { ["runtime"] = required }).BlockedBecause(Runtime, ImageId);

    [Fact]
    public void Image_whose_checks_passed_or_could_not_run_here_is_published() =>
        Gate([], Result("env", SmokeStatus.Passed), Result("kernel", SmokeStatus.NotRun, NotRunReason.NoGpu)).ShouldBeNull();

    [Fact]
    public void A_failed_check_blocks_and_is_named_with_its_reason() =>
        Gate([], Result("env", SmokeStatus.Passed), Result("cuda-libs", SmokeStatus.Failed, "libcublas.so.11 not found"))
            .ShouldBe("smoke check cuda-libs failed: libcublas.so.11 not found");

    [Fact]
    public void A_check_required_for_publishing_that_could_not_run_blocks() =>
        Gate(["kernel"], Result("env", SmokeStatus.Passed), Result("kernel", SmokeStatus.NotRun, NotRunReason.NoGpu))
            .ShouldBe("smoke check kernel, required for publishing, did not run (no GPU)");

    [Fact]
    public void A_required_check_without_a_result_blocks() =>
        Gate(["nvcc"], Result("env", SmokeStatus.Passed)).ShouldBe("smoke check nvcc, required for publishing, has no result; run SmokeTest again");

    [Fact]
    public void An_image_without_results_is_not_published() =>
        Gate([], Result("env", SmokeStatus.Passed, image: "11.8.0-base-debian12")).ShouldBe("no smoke results; run SmokeTest first");

    [Fact]
    public void Results_for_an_image_since_rebuilt_under_the_same_tag_block() =>
        new SmokeGate([Result("env", SmokeStatus.Passed)], new Dictionary<string, IReadOnlyList<string>>())
            .BlockedBecause(Runtime, "sha256:2222222222222222222222222222222222222222222222222222222222222222")
            .ShouldBe("the smoke results are for image sha256:111111111111, the engine now has sha256:222222222222 under this tag; run SmokeTest again");

    const string NoImageId =
        "the smoke results do not say which image they checked (no image ID), so they may be for an older build under this tag; run SmokeTest again";

    [Fact]
    public void Results_without_image_ids_are_refused_with_run_smoke_test_again() =>
        Gate([], Result("env", SmokeStatus.Passed) with { ImageId = null }, Result("cuda-libs", SmokeStatus.Passed) with { ImageId = null })
            .ShouldBe(NoImageId);

    [Fact]
    public void One_result_without_an_image_id_among_others_with_one_is_refused() =>
        Gate([], Result("env", SmokeStatus.Passed), Result("cuda-libs", SmokeStatus.Passed) with { ImageId = null }).ShouldBe(NoImageId);

    [Fact]
    public void An_image_none_of_whose_checks_ran_is_not_published() =>
        // As SmokeRunner writes it: no image, so no image ID.
        Gate([], Result("env", SmokeStatus.NotRun, NotRunReason.ImageMissing) with { ImageId = null }).ShouldBe("no smoke check ran (image missing)");
}
