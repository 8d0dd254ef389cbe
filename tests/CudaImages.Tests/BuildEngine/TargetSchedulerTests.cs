using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class TargetSchedulerTests
{
    sealed class PipelineBuild : RecordingBuild
    {
        Target Load => _ => _.Executes(() => Record(nameof(Load)));
        public Target Plan => _ => _.DependsOn(Load).Executes(() => Record(nameof(Plan)));
        Target Build => _ => _.DependsOn(Plan).Executes(() => Record(nameof(Build)));
        Target SmokeTest => _ => _.DependsOn(Build).Executes(() => Record(nameof(SmokeTest)));
        Target Publish => _ => _.DependsOn(Build).After(SmokeTest).Triggers(Report).Executes(() => Record(nameof(Publish)));
        Target Report => _ => _.Executes(() => Record(nameof(Report)));
        Target Lint => _ => _.Before(Build).Executes(() => Record(nameof(Lint)));
        Target Clean => _ => _.DependentFor(Build).Executes(() => Record(nameof(Clean)));
        Target Notify => _ => _.TriggeredBy(SmokeTest).Executes(() => Record(nameof(Notify)));
    }

    [Fact]
    public void Dependencies_run_before_the_targets_that_need_them()
    {
        using var run = new TestRun();

        var outcome = run.Execute<PipelineBuild>("Build");

        outcome.ExitCode.ShouldBe(0);
        outcome.Build.Ran.ShouldBe(["Load", "Plan", "Clean", "Build"]);
    }

    [Fact]
    public void Targets_nothing_asked_for_are_not_scheduled()
    {
        using var run = new TestRun();

        var outcome = run.Execute<PipelineBuild>("Plan");

        outcome.Targets.Select(t => t.Name).ShouldBe(["Load", "Plan"]);
    }

    [Fact]
    public void After_only_orders_and_does_not_add_the_other_target()
    {
        using var run = new TestRun();

        var outcome = run.Execute<PipelineBuild>("Publish");

        outcome.Build.Ran.ShouldNotContain("SmokeTest");
        outcome.Build.Ran.ShouldContain("Publish");
    }

    [Fact]
    public void After_puts_the_target_later_when_both_are_scheduled_even_if_invoked_first()
    {
        using var run = new TestRun();

        var outcome = run.Execute<PipelineBuild>("Publish", "SmokeTest");

        outcome.Build.Ran.IndexOf("Publish").ShouldBeGreaterThan(outcome.Build.Ran.IndexOf("SmokeTest"));
    }

    [Fact]
    public void Before_puts_the_target_earlier_when_both_are_scheduled()
    {
        using var run = new TestRun();

        var outcome = run.Execute<PipelineBuild>("Build", "Lint");

        outcome.Build.Ran.IndexOf("Lint").ShouldBeLessThan(outcome.Build.Ran.IndexOf("Build"));
    }

    [Fact]
    public void DependentFor_adds_the_target_before_the_one_it_is_dependent_for()
    {
        using var run = new TestRun();

        var outcome = run.Execute<PipelineBuild>("Build");

        outcome.Build.Ran.IndexOf("Clean").ShouldBeLessThan(outcome.Build.Ran.IndexOf("Build"));
    }

    [Fact]
    public void Triggers_add_the_triggered_target_after_its_trigger()
    {
        using var run = new TestRun();

        var outcome = run.Execute<PipelineBuild>("Publish");

        outcome.Build.Ran[^1].ShouldBe("Report");
    }

    [Fact]
    public void TriggeredBy_adds_the_target_after_the_one_that_triggers_it()
    {
        using var run = new TestRun();

        var outcome = run.Execute<PipelineBuild>("SmokeTest");

        outcome.Build.Ran.ShouldBe(["Load", "Plan", "Clean", "Build", "SmokeTest", "Notify"]);
    }

    [Fact]
    public void Default_target_runs_when_no_target_is_named()
    {
        using var run = new TestRun();

        var outcome = run.ExecuteWithDefault<PipelineBuild>(x => x.Plan);

        outcome.Build.Ran.ShouldBe(["Load", "Plan"]);
        outcome.Build.InvokedTargets.Select(t => t.Name).ShouldBe(["Plan"]);
    }

    [Theory]
    [InlineData("smoke-test")]
    [InlineData("SMOKETEST")]
    [InlineData("smoketest")]
    public void Target_names_are_matched_ignoring_case_and_dashes(string typed)
    {
        using var run = new TestRun();

        var outcome = run.Execute<PipelineBuild>(typed);

        outcome.Build.Ran.ShouldContain("SmokeTest");
    }

    [Fact]
    public void Target_parameter_names_targets_like_positional_arguments()
    {
        using var run = new TestRun();

        var outcome = run.Execute<PipelineBuild>("--target", "Lint", "Report");

        outcome.Build.Ran.ShouldBe(["Lint", "Report"]);
    }

    sealed class IndependentBuild : RecordingBuild
    {
        Target Docs => _ => _.Executes(() => Record(nameof(Docs)));
        Target Sizes => _ => _.Executes(() => Record(nameof(Sizes)));
        Target Tags => _ => _.Executes(() => Record(nameof(Tags)));
    }

    [Fact]
    public void Unrelated_targets_run_in_the_order_they_were_invoked()
    {
        using var run = new TestRun();

        var outcome = run.Execute<IndependentBuild>("Tags", "Docs");

        outcome.Build.Ran.ShouldBe(["Tags", "Docs"]);
    }

    sealed class ChainBuild : RecordingBuild
    {
        Target First => _ => _.Executes(() => Record(nameof(First)));
        Target Middle => _ => _.After(First).Executes(() => Record(nameof(Middle)));
        Target Last => _ => _.After(Middle).Executes(() => Record(nameof(Last)));
    }

    [Fact]
    public void Ordering_holds_through_a_target_that_is_not_scheduled()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ChainBuild>("Last", "First");

        outcome.Build.Ran.ShouldBe(["First", "Last"]);
    }

    sealed class CyclicBuild : RecordingBuild
    {
        Target Alpha => _ => _.DependsOn(Gamma).Executes(() => Record(nameof(Alpha)));
        Target Beta => _ => _.DependsOn(Alpha).Executes(() => Record(nameof(Beta)));
        Target Gamma => _ => _.After(Beta).Executes(() => Record(nameof(Gamma)));
        Target Unrelated => _ => _.Executes(() => Record(nameof(Unrelated)));
    }

    [Fact]
    public void A_cycle_is_reported_with_the_names_in_it_and_nothing_runs()
    {
        using var run = new TestRun();

        var outcome = run.Execute<CyclicBuild>("Unrelated");

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain("Circular dependency");
        run.Output.ShouldContain("Alpha -> Gamma -> Beta -> Alpha");
    }
}
