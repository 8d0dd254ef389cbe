using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class CancellationTests
{
    /// <summary>Its Build target presses "Ctrl-C" itself and then waits on the build's token, as a long docker build would.</summary>
    sealed class LongBuild : RecordingBuild
    {
        public static readonly AsyncLocal<CancellationTokenSource> CtrlC = new();

        Target Load => _ => _.Executes(() => Record(nameof(Load)));
        Target Build => _ => _.DependsOn(Load).Executes(async () =>
        {
            Record(nameof(Build));
            await CtrlC.Value!.CancelAsync();
            await Task.Delay(Timeout.Infinite, CancellationToken);
        });
        Target Publish => _ => _.DependsOn(Build).Executes(() => Record(nameof(Publish)));
        Target Cleanup => _ => _.After(Publish).AssuredAfterFailure().Executes(() => Record(nameof(Cleanup)));
    }

    [Fact]
    public void Cancelling_aborts_the_running_target_skips_the_rest_runs_assured_targets_and_exits_130()
    {
        using var run = new TestRun();
        using var ctrlC = new CancellationTokenSource();
        LongBuild.CtrlC.Value = ctrlC;

        var outcome = run.CancelledBy(ctrlC.Token).Execute<LongBuild>("Publish", "Cleanup");

        outcome.ExitCode.ShouldBe(130);
        outcome.Target("Build").Status.ShouldBe(TargetStatus.Aborted);
        outcome.Target("Publish").Status.ShouldBe(TargetStatus.NotRun);
        outcome.Target("Cleanup").Status.ShouldBe(TargetStatus.Succeeded);
        outcome.Build.Ran.ShouldBe(["Load", "Build", "Cleanup"]);
    }

    [Fact]
    public void A_build_cancelled_before_it_starts_runs_only_assured_targets()
    {
        using var run = new TestRun();
        using var ctrlC = new CancellationTokenSource();
        ctrlC.Cancel();

        var outcome = run.CancelledBy(ctrlC.Token).Execute<LongBuild>("Publish", "Cleanup");

        outcome.ExitCode.ShouldBe(130);
        outcome.Build.Ran.ShouldBe(["Cleanup"]);
        outcome.Target("Load").Note.ShouldBe("build cancelled");
    }
}
