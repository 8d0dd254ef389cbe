using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class RequirementTests
{
    sealed class RegistryBuild : RecordingBuild
    {
        [Parameter("Registry to push to")] readonly string? Registry = null;
        [Parameter] readonly string[] Tags = [];
        [Parameter] readonly int? Retries = null;
        [Parameter] readonly bool Confirm = false;

        Target Build => _ => _.Executes(() => Record(nameof(Build)));
        Target Publish => _ => _.DependsOn(Build).Requires(() => Registry).Executes(() => Record(nameof(Publish)));
        Target Tag => _ => _.Requires(() => Tags, () => Retries).Executes(() => Record(nameof(Tag)));
        Target Release => _ => _.DependsOn(Publish).Executes(() => Record(nameof(Release)));
        Target Delete => _ => _.Requires(() => Confirm).Executes(() => Record(nameof(Delete)));
    }

    [Fact]
    public void A_missing_parameter_stops_the_build_before_anything_runs()
    {
        using var run = new TestRun();

        var outcome = run.Execute<RegistryBuild>("Publish");

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain("Target Publish requires --registry (or env REGISTRY)");
    }

    [Fact]
    public void A_set_parameter_meets_the_requirement()
    {
        using var run = new TestRun();

        var outcome = run.WithEnvironment("REGISTRY", "ghcr.io/acme").Execute<RegistryBuild>("Publish");

        outcome.ExitCode.ShouldBe(0);
        outcome.Build.Ran.ShouldBe(["Build", "Publish"]);
    }

    [Fact]
    public void Empty_arrays_and_null_values_do_not_meet_a_requirement()
    {
        using var run = new TestRun();

        var outcome = run.Execute<RegistryBuild>("Tag");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("Target Tag requires --tags (or env TAGS)");
        run.Output.ShouldContain("Target Tag requires --retries (or env RETRIES)");
    }

    [Fact]
    public void A_required_condition_must_hold()
    {
        using var run = new TestRun();

        var outcome = run.Execute<RegistryBuild>("Delete");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("Target Delete requires Confirm");
    }

    [Fact]
    public void Requirements_of_skipped_targets_are_not_checked()
    {
        using var run = new TestRun();

        var outcome = run.Execute<RegistryBuild>("Release", "--skip", "Publish");

        outcome.Build.Ran.ShouldBe(["Release"]);
        outcome.ExitCode.ShouldBe(0);
    }
}
