using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class LogTests
{
    sealed class ChattyBuild : RecordingBuild
    {
        Target Talk => _ => _.Executes(() =>
        {
            Log.Debug("debug detail");
            Log.Information("information line");
            Log.Warning("warning line");
            Log.Success("success line");
            Log.Error("error line");
        });
    }

    [Theory]
    [InlineData("quiet", new[] { "error line" }, new[] { "warning line", "success line", "information line", "debug detail" })]
    [InlineData("minimal", new[] { "error line", "warning line", "success line" }, new[] { "information line", "debug detail" })]
    [InlineData("normal", new[] { "error line", "warning line", "information line" }, new[] { "debug detail" })]
    [InlineData("verbose", new[] { "error line", "information line", "debug detail" }, new string[0])]
    public void Verbosity_decides_which_lines_are_written(string verbosity, string[] shown, string[] hidden)
    {
        using var run = new TestRun();

        run.Execute<ChattyBuild>("Talk", "--verbosity", verbosity);

        shown.ShouldAllBe(line => run.Output.Contains(line));
        hidden.ShouldAllBe(line => !run.Output.Contains(line));
    }

    [Fact]
    public void Plain_output_prefixes_errors_and_warnings()
    {
        using var run = new TestRun();

        run.Execute<ChattyBuild>("Talk");

        run.Output.ShouldContain("ERROR: error line");
        run.Output.ShouldContain("WARNING: warning line");
    }

    [Fact]
    public void Terminal_output_colors_errors_red()
    {
        using var run = new TestRun();

        run.OnTerminal().Execute<ChattyBuild>("Talk");

        run.Output.ShouldContain("\u001b[31merror line\u001b[0m");
    }

    [Fact]
    public void Warnings_become_warning_annotations_on_GitHub_Actions()
    {
        using var run = new TestRun();

        run.OnGitHubActions().Execute<ChattyBuild>("Talk");

        run.Output.ShouldContain("::warning::warning line");
    }
}
