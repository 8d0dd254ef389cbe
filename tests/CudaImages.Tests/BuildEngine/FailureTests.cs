using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class FailureTests
{
    sealed class FlakyBuild : RecordingBuild
    {
        Target Load => _ => _.Executes(() => Record(nameof(Load)));
        Target Build => _ => _.DependsOn(Load).Executes(() =>
        {
            Record(nameof(Build));
            throw new InvalidOperationException("docker build exited with 1\nsecond line");
        });
        Target SmokeTest => _ => _.DependsOn(Build).Executes(() => Record(nameof(SmokeTest)));
        Target Cleanup => _ => _.After(SmokeTest).AssuredAfterFailure().Executes(() => Record(nameof(Cleanup)));

        Target Sizes => _ => _.ProceedAfterFailure().Executes(() =>
        {
            Record(nameof(Sizes));
            throw new InvalidOperationException("size probe failed");
        });
        Target SizeReport => _ => _.DependsOn(Sizes).Executes(() => Record(nameof(SizeReport)));
        Target Docs => _ => _.After(Sizes).Executes(() => Record(nameof(Docs)));

        Target Steps => _ => _
            .Executes(() => Record("first"))
            .Executes(async () =>
            {
                await Task.Delay(10);
                Record("second");
            })
            .Executes(() => Record("third"));
    }

    [Fact]
    public void A_failure_stops_the_build_and_later_targets_are_not_run()
    {
        using var run = new TestRun();

        var outcome = run.Execute<FlakyBuild>("SmokeTest");

        outcome.ExitCode.ShouldBe(1);
        outcome.Target("Build").Status.ShouldBe(TargetStatus.Failed);
        outcome.Target("SmokeTest").Status.ShouldBe(TargetStatus.NotRun);
        outcome.Build.Ran.ShouldNotContain("SmokeTest");
    }

    [Fact]
    public void The_note_of_a_failed_target_is_the_first_line_of_its_message()
    {
        using var run = new TestRun();

        var outcome = run.Execute<FlakyBuild>("Build");

        outcome.Target("Build").Note.ShouldBe("InvalidOperationException: docker build exited with 1");
    }

    [Fact]
    public void An_assured_target_still_runs_after_a_failure()
    {
        using var run = new TestRun();

        var outcome = run.Execute<FlakyBuild>("SmokeTest", "Cleanup");

        outcome.Target("Cleanup").Status.ShouldBe(TargetStatus.Succeeded);
        outcome.ExitCode.ShouldBe(1);
    }

    [Fact]
    public void After_a_target_that_proceeds_after_failure_the_build_goes_on_but_its_dependents_are_not_run()
    {
        using var run = new TestRun();

        var outcome = run.Execute<FlakyBuild>("SizeReport", "Docs");

        outcome.Target("Sizes").Status.ShouldBe(TargetStatus.Failed);
        outcome.Target("SizeReport").Status.ShouldBe(TargetStatus.NotRun);
        outcome.Target("SizeReport").Note.ShouldBe("Sizes did not succeed");
        outcome.Target("Docs").Status.ShouldBe(TargetStatus.Succeeded);
        outcome.ExitCode.ShouldBe(1);
    }

    [Fact]
    public void Several_actions_run_in_order_and_async_ones_are_awaited()
    {
        using var run = new TestRun();

        var outcome = run.Execute<FlakyBuild>("Steps");

        outcome.Build.Ran.ShouldBe(["first", "second", "third"]);
    }

    [Fact]
    public void An_unclassified_failure_prints_its_type_and_message_without_a_stack_trace()
    {
        using var run = new TestRun();

        run.Execute<FlakyBuild>("Build");

        run.Output.ShouldContain("Target Build failed: InvalidOperationException: docker build exited with 1");
        run.Output.ShouldNotContain(" at ");
    }

    [Fact]
    public void At_verbose_verbosity_the_stack_trace_is_printed()
    {
        using var run = new TestRun();

        run.Execute<FlakyBuild>("Build", "--verbosity", "verbose");

        run.Output.ShouldContain("   at ");
    }

    public sealed class MatrixException(string message) : Exception(message);

    sealed class MatrixBuild : RecordingBuild
    {
        Target Load => _ => _.Executes(() => throw new MatrixException("images/cuda.yaml:12: unknown distro 'ubuntu99'"));
        Target Crash => _ => _.Executes(() => throw new InvalidOperationException("bug"));

        protected override int? ExitCodeFor(Exception exception) => exception is MatrixException ? 2 : null;
    }

    [Fact]
    public void ExitCodeFor_turns_a_classified_failure_into_its_exit_code_with_just_the_message()
    {
        using var run = new TestRun();

        var outcome = run.Execute<MatrixBuild>("Load");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("ERROR: images/cuda.yaml:12: unknown distro 'ubuntu99'");
        run.Output.ShouldNotContain("MatrixException");
    }

    [Fact]
    public void ExitCodeFor_leaves_other_failures_at_exit_code_1()
    {
        using var run = new TestRun();

        run.Execute<MatrixBuild>("Crash").ExitCode.ShouldBe(1);
    }
}
