using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class ScheduleOutputTests
{
    sealed class ScheduledBuild : RecordingBuild
    {
        Target Load => _ => _.Executes(() => Record(nameof(Load)));
        Target Build => _ => _.DependsOn(Load).Executes(() => Record(nameof(Build)));
        Target SmokeTest => _ => _.DependsOn(Build).Executes(() => Record(nameof(SmokeTest)));
        Target Publish => _ => _.DependsOn(Build).After(SmokeTest).Triggers(Report).OnlyWhenStatic(() => false)
            .Executes(() => Record(nameof(Publish)));
        Target Report => _ => _.Executes(() => Record(nameof(Report)));
    }

    [Fact]
    public void Plan_prints_the_ordered_schedule_marking_skipped_targets_and_runs_nothing()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ScheduledBuild>("SmokeTest", "Publish", "--plan");

        outcome.ExitCode.ShouldBe(0);
        outcome.Build.Ran.ShouldBeEmpty();
        var lines = run.Output.Split(Environment.NewLine);
        lines.ShouldContain("   1. Load");
        lines.ShouldContain("   3. SmokeTest");
        lines.ShouldContain("   4. Publish    skipped (condition false: False)");
    }

    [Fact]
    public void Plan_writes_a_mermaid_graph_of_the_schedule()
    {
        using var run = new TestRun();

        run.Execute<ScheduledBuild>("SmokeTest", "Publish", "--plan");

        var graph = File.ReadAllText(run.Root / ".nuke" / "temp" / "plan.mmd");
        graph.ShouldStartWith("graph LR\n");
        graph.ShouldContain("  Load --> Build\n");
        graph.ShouldContain("  SmokeTest -.-> Publish\n");
        graph.ShouldContain("  Publish ==> Report\n");
        graph.ShouldContain("  Publish[\"Publish\"]:::skipped\n");
    }
}
