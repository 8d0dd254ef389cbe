using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class GitHubActionsTests
{
    sealed class CiBuild : RecordingBuild
    {
        Target Load => _ => _.Executes(() => Log.Information("loaded 12 images"));
        Target Build => _ => _.DependsOn(Load).Executes(() => throw new InvalidOperationException("docker build failed"));
    }

    sealed class SummaryBuild : RecordingBuild
    {
        Target Measure => _ => _.Executes(() => AppendStepSummary("### Sizes\n\n| a | b |\n"));
    }

    static string[] Lines(TestRun run) => run.Output.Split(Environment.NewLine);

    [Fact]
    public void Each_target_writes_inside_its_own_group()
    {
        using var run = new TestRun();

        run.OnGitHubActions().Execute<CiBuild>("Load");

        var lines = Lines(run);
        var start = Array.IndexOf(lines, "::group::Load");
        start.ShouldBeGreaterThanOrEqualTo(0);
        lines[start + 1].ShouldBe("loaded 12 images");
        lines[start + 2].ShouldBe("::endgroup::");
    }

    [Fact]
    public void Errors_become_error_annotations()
    {
        using var run = new TestRun();

        run.OnGitHubActions().Execute<CiBuild>("Build");

        Lines(run).ShouldContain("::error::Target Build failed: InvalidOperationException: docker build failed");
    }

    [Fact]
    public void The_summary_is_appended_to_the_step_summary_file_as_markdown()
    {
        using var run = new TestRun();
        var stepSummary = run.Root / "step-summary.md";
        File.WriteAllText(stepSummary, "earlier step\n");

        run.OnGitHubActions().WithEnvironment("GITHUB_STEP_SUMMARY", stepSummary).Execute<CiBuild>("Build");

        var markdown = File.ReadAllText(stepSummary);
        markdown.ShouldStartWith("earlier step\n");
        markdown.ShouldContain("| Target | Status | Duration | Note |");
        markdown.ShouldContain("| Load | ✅ Succeeded |");
        markdown.ShouldContain("| Build | ❌ Failed | 0:00 | InvalidOperationException: docker build failed |");
    }

    [Fact]
    public void A_target_appends_its_own_markdown_to_the_step_summary_on_GitHub_Actions()
    {
        using var run = new TestRun();
        var stepSummary = run.Root / "step-summary.md";

        run.OnGitHubActions().WithEnvironment("GITHUB_STEP_SUMMARY", stepSummary).Execute<SummaryBuild>("Measure");

        File.ReadAllText(stepSummary).ShouldStartWith("### Sizes\n\n| a | b |\n");
    }

    [Fact]
    public void Outside_GitHub_Actions_a_step_summary_is_not_written()
    {
        using var run = new TestRun();
        var stepSummary = run.Root / "step-summary.md";

        run.WithEnvironment("GITHUB_STEP_SUMMARY", stepSummary).Execute<SummaryBuild>("Measure");

        File.Exists(stepSummary).ShouldBeFalse();
    }

    [Fact]
    public void Builds_on_GitHub_Actions_are_server_builds()
    {
        using var run = new TestRun();

        var outcome = run.OnGitHubActions().Execute<CiBuild>("Load");

        outcome.Build.Host.ShouldBe(Host.GitHubActions);
        outcome.Build.IsServerBuild.ShouldBeTrue();
    }

    [Fact]
    public void Other_CI_servers_are_server_builds_without_workflow_commands()
    {
        using var run = new TestRun();

        var outcome = run.WithEnvironment("CI", "true").Execute<CiBuild>("Load");

        outcome.Build.Host.ShouldBe(Host.GenericCi);
        run.Output.ShouldNotContain("::group::");
    }
}
