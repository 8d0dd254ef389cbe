using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class InvocationTests
{
    sealed class SmallBuild : RecordingBuild
    {
        [Parameter] public readonly string? Cuda = null;
        [Parameter] public readonly string[] Distro = [];

        Target Load => _ => _.Executes(() => Record(nameof(Load)));
        Target SmokeTest => _ => _.DependsOn(Load).Executes(() => Record(nameof(SmokeTest)));
        Target Publish => _ => _.DependsOn(Load).Executes(() => Record(nameof(Publish)));
    }

    [Fact]
    public void An_unknown_target_suggests_the_closest_name_exits_2_and_runs_nothing()
    {
        using var run = new TestRun();

        var outcome = run.Execute<SmallBuild>("Load", "smoketst");

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain("Unknown target 'smoketst'. Did you mean SmokeTest?");
    }

    [Fact]
    public void An_unknown_target_with_nothing_close_lists_the_targets()
    {
        using var run = new TestRun();

        var outcome = run.Execute<SmallBuild>("Deploy");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("Unknown target 'Deploy'. Known names: Load, SmokeTest, Publish.");
    }

    [Fact]
    public void An_unknown_parameter_suggests_the_closest_flag_exits_2_and_runs_nothing()
    {
        using var run = new TestRun();

        var outcome = run.Execute<SmallBuild>("Load", "--distros", "ubi9");

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain("Unknown parameter '--distros'. Did you mean --distro?");
    }

    [Fact]
    public void Exit_code_is_zero_when_every_target_succeeds()
    {
        using var run = new TestRun();

        run.Execute<SmallBuild>("Publish").ExitCode.ShouldBe(0);
    }
}
