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

    static PublishOutcome Outcome(string tag, PublishAction action, string digest = "sha256:new", string? reason = null, PublishedAttachments? attached = null)
    {
        var image = Plan.Find(tag)!;
        var manifest = action == PublishAction.Skipped ? null : new Manifest(digest, Manifest.DockerV2, [], "sha256:config-" + tag, 1234);
        return new PublishOutcome(image, Registry.Reference(tag), action, manifest?.ConfigDigest, manifest,
            image.Aliases.Select(a => new AliasMove(a, null, manifest?.Digest)).ToList(), reason)
        {
            Attachments = attached,
        };
    }

    static readonly PublishedAttachments SignedWithKey =
        new(new ImageSignature("sha256:5e1f", null), [PublishedAttachments.Spdx, PublishedAttachments.CycloneDx], "sha256:prov");

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

    [Fact]
    public void A_published_image_records_the_key_that_signed_it_its_SBOMs_and_its_provenance()
    {
        var file = PublishResults.Merge(null, Registry, [Outcome("12.4.1-base-debian12", PublishAction.Pushed, attached: SignedWithKey)], Now);

        file.Find("12.4.1-base-debian12")!.Attachments.ShouldBe(SignedWithKey);
    }

    [Fact]
    public void An_image_pushed_with_nothing_attached_records_that_it_is_not_signed()
    {
        var file = PublishResults.Merge(null, Registry, [Outcome("12.4.1-base-debian12", PublishAction.Pushed)], Now);

        file.Find("12.4.1-base-debian12")!.Attachments.ShouldBe(PublishedAttachments.None);
    }

    [Fact]
    public void An_image_already_published_by_a_run_that_attached_nothing_keeps_what_the_earlier_run_recorded()
    {
        var earlier = PublishResults.Merge(null, Registry, [Outcome("11.8.0-base-debian12", PublishAction.Pushed, attached: SignedWithKey)], Now.AddDays(-1));

        var file = PublishResults.Merge(earlier, Registry, [Outcome("11.8.0-base-debian12", PublishAction.AlreadyPublished)], Now);

        file.Find("11.8.0-base-debian12")!.Attachments.ShouldBe(SignedWithKey);
    }

    [Fact]
    public void An_image_already_published_without_an_earlier_record_invents_no_attachments()
    {
        var file = PublishResults.Merge(null, Registry, [Outcome("11.8.0-base-debian12", PublishAction.AlreadyPublished)], Now);

        file.Find("11.8.0-base-debian12")!.Attachments.ShouldBeNull();
    }

    [Fact]
    public void Attachments_survive_writing_and_reading_publish_json()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cudaimages-publish-").FullName, PublishFile.RelativePath);
        PublishResults.Merge(null, Registry, [Outcome("12.4.1-base-debian12", PublishAction.Pushed, attached: SignedWithKey)], Now).Write(path);

        var read = PublishFile.Read(path).Find("12.4.1-base-debian12")!.Attachments!;
        (read.Signature, read.Provenance).ShouldBe((SignedWithKey.Signature, SignedWithKey.Provenance));
        read.Sboms.ShouldBe(SignedWithKey.Sboms);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void A_publish_json_of_the_schema_before_attachments_is_refused_naming_the_target_to_run()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cudaimages-publish-").FullName, PublishFile.RelativePath);
        File.WriteAllText(path, """{"schemaVersion": 1, "registry": "localhost:5000/cuda", "images": [], "skipped": []}""");

        Should.Throw<InvalidDataException>(() => PublishFile.Read(path)).Message.ShouldContain("schema version 1, this build reads 2; run the Publish target again");
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
