using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class RootDirectoryTests
{
    private sealed class EmptyBuild : RecordingBuild
    {
        Target Nothing => _ => _.Executes(() => { });
    }

    private static BuildOutcome<EmptyBuild> RunFrom(AbsolutePath workingDirectory, params string[] arguments) =>
        BuildRunner.Run<EmptyBuild>(new BuildContext
        {
            Arguments = arguments,
            WorkingDirectory = workingDirectory,
            Output = new StringWriter(),
        });

    [Fact]
    public void The_root_is_the_nearest_folder_above_that_holds_nuke()
    {
        using var run = new TestRun();
        var nested = (run.Root / "src" / "Pipeline").CreateDirectory();

        RunFrom(nested, "Nothing").Build.RootDirectory.ShouldBe(run.Root);
    }

    [Fact]
    public void The_root_parameter_overrides_the_search()
    {
        using var run = new TestRun();
        var other = (run.Root / "elsewhere").CreateDirectory();

        RunFrom(run.Root, "Nothing", "--root", other).Build.RootDirectory.ShouldBe(other);
    }

    [Fact]
    public void Without_a_nuke_folder_the_build_says_how_to_fix_it()
    {
        var lonely = AbsolutePath.Create(Path.Combine(Path.GetTempPath(), "no-nuke-" + Guid.NewGuid().ToString("N")));
        lonely.CreateDirectory();
        try
        {
            var output = new StringWriter();
            var outcome = BuildRunner.Run<EmptyBuild>(new BuildContext { Arguments = ["Nothing"], WorkingDirectory = lonely, Output = output });

            outcome.ExitCode.ShouldBe(2);
            output.ToString().ShouldContain("No .nuke/ folder");
        }
        finally
        {
            Directory.Delete(lonely, recursive: true);
        }
    }
}
