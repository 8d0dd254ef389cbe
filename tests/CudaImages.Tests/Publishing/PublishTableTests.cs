using CudaImages.Docker;
using CudaImages.Planning;
using CudaImages.Publishing;

namespace CudaImages.Tests.Publishing;

public class PublishTableTests
{
    static readonly BuildPlan Plan = TinyImages.PlanOf("cuda");
    static readonly RegistryRepository Target = RegistryRepository.Parse("localhost:5000/cuda");
    static readonly TimeSpan Elapsed = TimeSpan.FromSeconds(3.5);

    const string Old = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    const string New = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    static PublishOutcome Outcome(int image, PublishAction action, params AliasMove[] aliases) =>
        new(Plan.Images[image], Target.Reference(Plan.Images[image].Tag), action, "sha256:id",
            action == PublishAction.Pushed ? new Manifest(New, Manifest.OciManifest, [], null, 12_000_000) : null, aliases,
            action == PublishAction.Skipped ? "smoke check env failed" : null);

    [Fact]
    public void Heading_names_the_count_the_registry_and_the_credential_source() =>
        PublishTable.Heading(1, Target, new RegistryCredential("ci", "secret", "--registry-username"), dryRun: true)
            .ShouldBe("publishing 1 image to localhost:5000/cuda (user 'ci' (--registry-username)); dry run: nothing changes");

    [Fact]
    public void Table_shows_the_result_the_digest_and_how_each_alias_moves()
    {
        var text = TestConsole.Text(PublishTable.Render([Outcome(0, PublishAction.Pushed, new AliasMove("11.8-base-debian12", Old, New), new AliasMove("11-base-debian12", New, New))]));

        text.ShouldContain(Plan.Images[0].Tag);
        text.ShouldContain("pushed");
        text.ShouldContain($"11.8-base-debian12: {CudaImages.Model.Digests.Short(Old)} → {CudaImages.Model.Digests.Short(New)}");
        text.ShouldContain("11-base-debian12 (unchanged)");
    }

    [Fact]
    public void Table_gives_the_reason_an_image_was_not_published() =>
        TestConsole.Text(PublishTable.Render([Outcome(1, PublishAction.Skipped)])).Split('\n')
            .ShouldContain(l => l.Contains("not published") && l.Contains("smoke check env failed"));

    [Fact]
    public void Summary_of_a_dry_run_says_what_would_change_and_that_nothing_did() =>
        PublishTable.Summary([Outcome(0, PublishAction.WouldPush, new AliasMove("11.8-base-debian12", Old, null)), Outcome(1, PublishAction.Skipped)],
                dryRun: true, Elapsed, "artifacts/publish.json")
            .ShouldBe("dry run: would push 1, would move 1 alias, 0 already published, 1 not published; nothing changed");

    [Fact]
    public void Summary_of_a_rerun_says_nothing_was_pushed() =>
        PublishTable.Summary([Outcome(0, PublishAction.AlreadyPublished, new AliasMove("11.8-base-debian12", New, New))], dryRun: false, Elapsed, "artifacts/publish.json")
            .ShouldBe("nothing pushed: 1 image already published with every alias in place, 0 not published (3.5 s)");

    [Fact]
    public void Summary_of_a_push_counts_pushes_and_alias_moves_and_names_the_file() =>
        PublishTable.Summary([Outcome(0, PublishAction.Pushed, new AliasMove("11.8-base-debian12", Old, New), new AliasMove("11-base-debian12", Old, New))],
                dryRun: false, Elapsed, "artifacts/publish.json")
            .ShouldBe("1 pushed, 2 aliases moved, 0 already published, 0 not published (3.5 s); wrote artifacts/publish.json");

    [Fact]
    public void Summary_counts_the_aliases_of_a_two_platform_index_once_and_the_index_it_put()
    {
        var plan = TinyImages.PlanOf("cuda", "linux/amd64", "linux/arm64");
        var moves = new[] { new AliasMove("11.8-base-debian12", Old, New), new AliasMove("11-base-debian12", Old, New) };
        var index = new IndexOutcome("11.8.0-base-debian12", PublishAction.Pushed, New, [], moves);
        var outcomes = plan.Images.Where(i => i.PublishedTag == "11.8.0-base-debian12")
            .Select(i => new PublishOutcome(i, Target.Reference(Publisher.PlatformTag(i)), PublishAction.Pushed, "sha256:id",
                new Manifest(New, Manifest.OciManifest, [], null, 12_000_000), moves, null)
            { Index = index })
            .ToList();

        outcomes.Count.ShouldBe(2);
        PublishTable.Summary(outcomes, dryRun: false, Elapsed, "artifacts/publish.json")
            .ShouldBe("2 pushed, 1 index put, 2 aliases moved, 0 already published, 0 not published (3.5 s); wrote artifacts/publish.json");
    }
}
