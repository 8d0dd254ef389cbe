using CudaImages.BuildEngine;
using Microsoft.Extensions.Time.Testing;

namespace CudaImages.Tests.BuildEngine;

public class SummaryTests
{
    /// <summary>The test run's clock, reachable from the targets (the engine creates the build, so it cannot be handed in).</summary>
    static readonly AsyncLocal<FakeTimeProvider?> Clock = new();

    sealed class MixedBuild : RecordingBuild
    {
        Target Load => _ => _.Executes(() => Clock.Value?.Advance(TimeSpan.FromSeconds(65)));
        Target Docs => _ => _.OnlyWhenStatic(() => false).Executes(() => { });
        Target Build => _ => _.DependsOn(Load).Executes(() =>
        {
            Clock.Value?.Advance(TimeSpan.FromSeconds(2.9));
            throw new InvalidOperationException("no space left on device");
        });
        Target SmokeTest => _ => _.DependsOn(Build).Executes(() => { });
    }

    [Fact]
    public void The_summary_has_a_row_per_scheduled_target_with_status_and_note_plus_a_total()
    {
        using var run = new TestRun();

        run.Execute<MixedBuild>("Docs", "SmokeTest");

        var lines = run.Output.Split(Environment.NewLine);
        lines.ShouldContain(line => line.StartsWith("Target     Status     Duration  Note"));
        lines.ShouldContain("Load       Succeeded  0:00");
        lines.ShouldContain("Docs       Skipped              condition false: False");
        lines.ShouldContain("Build      Failed     0:00      InvalidOperationException: no space left on device");
        lines.ShouldContain("SmokeTest  NotRun               build stopped after Build failed");
        lines.ShouldContain(line => line.StartsWith("Total                 0:00"));
        lines.ShouldContain("Build failed after 0:00.");
    }

    [Fact]
    public void The_summary_shows_the_time_each_target_took_their_total_and_the_whole_run()
    {
        using var run = new TestRun();
        Clock.Value = run.Clock;

        run.Execute<MixedBuild>("Docs", "SmokeTest");

        var lines = run.Output.Split(Environment.NewLine);
        lines.ShouldContain("Load       Succeeded  1:05");
        lines.ShouldContain("Build      Failed     0:02      InvalidOperationException: no space left on device");
        lines.ShouldContain(line => line.StartsWith("Total                 1:07"));
        lines.ShouldContain("Build failed after 1:07.");
    }

    [Fact]
    public void On_a_terminal_the_summary_is_a_colored_table()
    {
        using var run = new TestRun();

        run.OnTerminal().Execute<MixedBuild>("SmokeTest");

        run.Output.ShouldContain("╭");
        run.Output.ShouldContain("\u001b[");
    }

    [Fact]
    public void On_CI_the_summary_is_plain_even_on_a_terminal()
    {
        using var run = new TestRun();

        run.OnTerminal().WithEnvironment("CI", "true").Execute<MixedBuild>("SmokeTest");

        run.Output.ShouldNotContain("\u001b[");
        run.Output.ShouldNotContain("╭");
    }

    [Fact]
    public void Quiet_verbosity_prints_errors_but_no_summary()
    {
        using var run = new TestRun();

        run.Execute<MixedBuild>("SmokeTest", "--verbosity", "quiet");

        run.Output.ShouldContain("no space left on device");
        run.Output.ShouldNotContain("Succeeded");
    }

    [Fact]
    public void Durations_are_minutes_and_seconds() =>
        Summary.Duration(TimeSpan.FromSeconds(125.4)).ShouldBe("2:05");
}
