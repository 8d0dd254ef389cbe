using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class ConditionTests
{
    sealed class ConditionalBuild : RecordingBuild
    {
        [Parameter] readonly bool Push = false;
        bool _imagesChanged;

        Target Login => _ => _.Executes(() => Record(nameof(Login)));
        Target Build => _ => _.Executes(() =>
        {
            Record(nameof(Build));
            _imagesChanged = true;
        });
        Target Publish => _ => _.DependsOn(Login, Build).OnlyWhenStatic(() => Push).Executes(() => Record(nameof(Publish)));
        Target Announce => _ => _.DependsOn(Build).OnlyWhenStatic(() => _imagesChanged).Executes(() => Record(nameof(Announce)));
        Target Report => _ => _.DependsOn(Build).OnlyWhenDynamic(() => _imagesChanged).Executes(() => Record(nameof(Report)));
        Target Prune => _ => _.DependsOn(Build).OnlyWhenDynamic(() => !_imagesChanged).Executes(() => Record(nameof(Prune)));
    }

    [Fact]
    public void OnlyWhenStatic_false_skips_the_target_and_its_exclusive_dependencies_with_the_reason()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ConditionalBuild>("Publish");

        outcome.ExitCode.ShouldBe(0);
        outcome.Build.Ran.ShouldBeEmpty();
        outcome.Target("Publish").Note.ShouldBe("condition false: Push");
        outcome.Target("Login").Status.ShouldBe(TargetStatus.Skipped);
    }

    [Fact]
    public void OnlyWhenStatic_true_runs_the_target()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ConditionalBuild>("Publish", "--push");

        outcome.Build.Ran.ShouldBe(["Login", "Build", "Publish"]);
    }

    [Fact]
    public void OnlyWhenStatic_is_decided_before_any_target_runs()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ConditionalBuild>("Announce");

        outcome.Target("Announce").Status.ShouldBe(TargetStatus.Skipped);
    }

    [Fact]
    public void OnlyWhenDynamic_is_decided_right_before_the_target_runs()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ConditionalBuild>("Report", "Prune");

        outcome.Target("Report").Status.ShouldBe(TargetStatus.Succeeded);
        outcome.Target("Prune").Status.ShouldBe(TargetStatus.Skipped);
        outcome.Target("Prune").Note.ShouldBe("condition false: !_imagesChanged");
    }
}
