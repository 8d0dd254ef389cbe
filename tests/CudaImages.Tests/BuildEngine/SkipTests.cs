using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class SkipTests
{
    sealed class ImageBuild : RecordingBuild
    {
        Target Restore => _ => _.Executes(() => Record(nameof(Restore)));
        Target Load => _ => _.DependsOn(Restore).Executes(() => Record(nameof(Load)));
        Target Render => _ => _.DependsOn(Load).Executes(() => Record(nameof(Render)));
        public Target Build => _ => _.DependsOn(Render, Load).Executes(() => Record(nameof(Build)));
        Target Report => _ => _.Executes(() => Record(nameof(Report)));
        Target Publish => _ => _.DependsOn(Build).Triggers(Report).Executes(() => Record(nameof(Publish)));
    }

    [Fact]
    public void Bare_skip_skips_every_target_that_was_not_invoked()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ImageBuild>("Publish", "--skip");

        outcome.Build.Ran.ShouldBe(["Publish"]);
        outcome.Target("Build").Status.ShouldBe(TargetStatus.Skipped);
        outcome.Target("Report").Status.ShouldBe(TargetStatus.Skipped);
    }

    [Fact]
    public void Bare_skip_keeps_the_default_target_when_none_is_named()
    {
        using var run = new TestRun();

        var outcome = run.ExecuteWithDefault<ImageBuild>(x => x.Build, "--skip");

        outcome.Build.Ran.ShouldBe(["Build"]);
    }

    [Fact]
    public void Named_skip_skips_the_target_and_the_dependencies_only_it_needs()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ImageBuild>("Build", "--skip", "render");

        outcome.Target("Render").Status.ShouldBe(TargetStatus.Skipped);
        outcome.Target("Render").Note.ShouldBe("via --skip");
        outcome.Build.Ran.ShouldBe(["Restore", "Load", "Build"]);
    }

    [Fact]
    public void Named_skip_takes_along_dependencies_no_other_target_needs()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ImageBuild>("Publish", "--skip", "Build");

        outcome.Build.Ran.ShouldBe(["Publish", "Report"]);
        outcome.Target("Restore").Status.ShouldBe(TargetStatus.Skipped);
        outcome.Target("Load").Note!.ShouldStartWith("only needed by skipped");
    }

    [Fact]
    public void Skip_never_skips_an_invoked_target()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ImageBuild>("Report", "--skip", "Report");

        outcome.Build.Ran.ShouldBe(["Report"]);
    }

    [Fact]
    public void Skip_with_an_unknown_target_is_bad_input()
    {
        using var run = new TestRun();

        var outcome = run.Execute<ImageBuild>("Build", "--skip", "Rendr");

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain("Did you mean Render?");
    }
}
