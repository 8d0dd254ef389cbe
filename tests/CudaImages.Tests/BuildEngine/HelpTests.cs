using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class HelpTests
{
    public enum Source { Pull, Bootstrap, Auto }

    sealed class DocumentedBuild : RecordingBuild
    {
        [Parameter("CUDA filter")] public readonly string? Cuda = null;
        [Parameter("Parallel builds")] public readonly int Parallelism = 8;
        [Parameter("Rebuild even when the input hash matches")] public readonly bool Force = false;
        [Parameter("Where base images come from")] public readonly Source BaseSource = Source.Auto;

        Target Load => _ => _.Description("Load and validate images/").Executes(() => Record(nameof(Load)));
        public Target Plan => _ => _.Description("Print the images that would be built").DependsOn(Load).Executes(() => Record(nameof(Plan)));
        Target Internal => _ => _.Unlisted().Executes(() => Record(nameof(Internal)));
    }

    static (BuildOutcome<DocumentedBuild> Outcome, string[] Lines) Help(string flag)
    {
        using var run = new TestRun();
        var outcome = run.ExecuteWithDefault<DocumentedBuild>(x => x.Plan, flag);
        return (outcome, run.Output.Split(Environment.NewLine));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_exits_0_without_running_anything(string flag)
    {
        var (outcome, _) = Help(flag);

        outcome.ExitCode.ShouldBe(0);
        outcome.Build.Ran.ShouldBeEmpty();
    }

    [Fact]
    public void Help_lists_listed_targets_with_description_dependencies_and_the_default()
    {
        var (_, lines) = Help("--help");

        lines.ShouldContain("  Load    Load and validate images/");
        lines.ShouldContain("  Plan *  Print the images that would be built (depends on Load)");
        lines.ShouldNotContain(line => line.Contains("Internal"));
    }

    [Fact]
    public void Help_lists_parameters_with_type_description_environment_and_default()
    {
        var (_, lines) = Help("--help");

        lines.ShouldContain("  --cuda <text>");
        lines.ShouldContain("      CUDA filter [env CUDA]");
        lines.ShouldContain("  --parallelism <number>");
        lines.ShouldContain("      Parallel builds [env PARALLELISM; default 8]");
        lines.ShouldContain("  --force");
        lines.ShouldContain("  --base-source <pull|bootstrap|auto>");
        lines.ShouldContain("      Where base images come from [env BASE_SOURCE; default auto]");
    }

    [Fact]
    public void Help_lists_the_engine_parameters()
    {
        var (_, lines) = Help("--help");

        lines.ShouldContain("  --help, -h");
        lines.ShouldContain("  --skip <text[]>");
        lines.ShouldContain("  --verbosity <quiet|minimal|normal|verbose>");
    }
}
