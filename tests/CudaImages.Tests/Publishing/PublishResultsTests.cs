using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Publishing;
using CudaImages.Smoke;

namespace CudaImages.Tests.Publishing;

public class PublishResultsTests
{
    static readonly BuildPlan Plan = Planner.Plan(MatrixLoader.Load(TestPaths.Fixture("engine-tiny"), SmokeCheckRegistry.Default.Catalogue), Selection.All, "cuda");
    static readonly RegistryRepository Registry = RegistryRepository.Parse("localhost:5000/cuda");
    static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    static PublishOutcome Outcome(string tag, PublishAction action, string digest = "sha256:new", string? reason = null)
    {
        var image = Plan.Find(tag)!;
        var manifest = action == PublishAction.Skipped ? null : new Manifest(digest, Manifest.DockerV2, [], "sha256:config-" + tag, 1234);
        return new PublishOutcome(image, Registry.Reference(tag), action, manifest?.ConfigDigest, manifest,
            image.Aliases.Select(a => new AliasMove(a, null, manifest?.Digest)).ToList(), reason);
    }

    [Fact]
    public void Published_images_carry_digest_compressed_size_and_aliases_and_skipped_ones_their_reason()
    {
        var file = PublishResults.Merge(null, Registry, [
            Outcome("12.4.1-base-debian12", PublishAction.Pushed),
            Outcome("11.8.0-base-debian12", PublishAction.Skipped, reason: "smoke check env failed"),
        ], Now);

        file.Registry.ShouldBe("localhost:5000/cuda");
        var published = file.Find("12.4.1-base-debian12")!;
        (published.Digest, published.CompressedBytes, published.Repository, published.PublishedAt).ShouldBe(("sha256:new", 1234L, "localhost:5000/cuda", Now));
        published.Aliases.ShouldBe(["12.4-base-debian12", "12-base-debian12"]);
        file.Skipped.ShouldBe([new PublishSkip("11.8.0-base-debian12", "smoke check env failed")]);
    }

    [Fact]
    public void A_filtered_run_keeps_what_an_earlier_run_published_to_the_same_registry()
    {
        var earlier = PublishResults.Merge(null, Registry, [Outcome("11.8.0-base-debian12", PublishAction.Pushed, "sha256:old")], Now.AddDays(-1));

        var file = PublishResults.Merge(earlier, Registry, [Outcome("12.4.1-base-debian12", PublishAction.Pushed)], Now);

        file.Images.Select(i => i.Tag).ShouldBe(["12.4.1-base-debian12", "11.8.0-base-debian12"]);
    }

    [Fact]
    public void An_image_already_published_keeps_the_time_it_was_published()
    {
        var earlier = PublishResults.Merge(null, Registry, [Outcome("11.8.0-base-debian12", PublishAction.Pushed)], Now.AddDays(-1));

        var file = PublishResults.Merge(earlier, Registry, [Outcome("11.8.0-base-debian12", PublishAction.AlreadyPublished)], Now);

        file.Find("11.8.0-base-debian12")!.PublishedAt.ShouldBe(Now.AddDays(-1));
    }

    [Fact]
    public void Another_registrys_results_are_not_mixed_in()
    {
        var other = PublishResults.Merge(null, RegistryRepository.Parse("ghcr.io/acme/cuda"), [Outcome("11.8.0-base-debian12", PublishAction.Pushed)], Now);

        PublishResults.Merge(other, Registry, [Outcome("12.4.1-base-debian12", PublishAction.Pushed)], Now)
            .Images.Select(i => i.Tag).ShouldBe(["12.4.1-base-debian12"]);
    }

    [Fact]
    public void An_image_skipped_now_keeps_the_entry_of_what_the_registry_still_has_from_an_earlier_run()
    {
        var earlier = PublishResults.Merge(null, Registry, [Outcome("11.8.0-base-debian12", PublishAction.Pushed, "sha256:old")], Now.AddDays(-1));

        var file = PublishResults.Merge(earlier, Registry, [Outcome("11.8.0-base-debian12", PublishAction.Skipped, reason: "smoke check env failed")], Now);

        file.Find("11.8.0-base-debian12")!.Digest.ShouldBe("sha256:old");
        file.Skipped.ShouldHaveSingleItem().Reason.ShouldBe("smoke check env failed");
    }
}
