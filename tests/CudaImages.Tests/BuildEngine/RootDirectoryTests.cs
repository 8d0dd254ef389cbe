using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class RootDirectoryTests
{
    sealed class EmptyBuild : RecordingBuild
    {
        Target Nothing => _ => _.Executes(() => { });
    }

    static BuildOutcome<EmptyBuild> RunFrom(AbsolutePath workingDirectory, params string[] arguments) =>
        BuildRunner.Run<EmptyBuild>(new RunContext
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
        // The search ends at a folder this test made, so a .nuke/ anywhere above the temp folder cannot answer it.
        using var owned = new TempFolder();
        var lonely = (owned.Folder / "lonely" / "deeper").CreateDirectory();
        var output = new StringWriter();

        var outcome = BuildRunner.Run<EmptyBuild>(new RunContext
        { Arguments = ["Nothing"], WorkingDirectory = lonely, RootSearchBoundary = owned.Folder, Output = output });

        outcome.ExitCode.ShouldBe(2);
        output.ToString().ShouldContain($"No .nuke/ folder in {lonely} or above up to {owned.Folder}");
    }

    [Fact]
    public void The_search_for_nuke_stops_at_its_boundary()
    {
        using var owned = new TempFolder();
        (owned.Folder / ".nuke").CreateDirectory();
        var boundary = (owned.Folder / "checkout").CreateDirectory();
        var output = new StringWriter();

        var outcome = BuildRunner.Run<EmptyBuild>(new RunContext
        { Arguments = ["Nothing"], WorkingDirectory = (boundary / "src").CreateDirectory(), RootSearchBoundary = boundary, Output = output });

        outcome.ExitCode.ShouldBe(2);
        output.ToString().ShouldContain("No .nuke/ folder");
    }

    [Fact]
    public void The_boundary_itself_is_searched()
    {
        using var owned = new TempFolder();
        (owned.Folder / ".nuke").CreateDirectory();

        var outcome = BuildRunner.Run<EmptyBuild>(new RunContext
        {
            Arguments = ["Nothing"],
            WorkingDirectory = (owned.Folder / "src").CreateDirectory(),
            RootSearchBoundary = owned.Folder,
            Output = new StringWriter(),
        });

        outcome.Build.RootDirectory.ShouldBe(owned.Folder);
    }

    /// <summary>A uniquely named folder under the system temp folder, removed with everything in it.</summary>
    sealed class TempFolder : IDisposable
    {
        public AbsolutePath Folder { get; } = AbsolutePath.Create(Directory.CreateTempSubdirectory("cudaimages-root-").FullName);

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
