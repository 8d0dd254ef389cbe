using System.Diagnostics;
using CudaImages.Building;

namespace CudaImages.Tests.Building;

public sealed class SourceRevisionTests : IDisposable
{
    static readonly IReadOnlyDictionary<string, string?> NotOnActions = new Dictionary<string, string?>();

    readonly string folder = Directory.CreateTempSubdirectory("cudaimages-revision-").FullName;

    static string Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git", ["-C", folder, "-c", "user.name=test", "-c", "user.email=test@example.com", .. arguments])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        git.ExitCode.ShouldBe(0, git.StandardError.ReadToEnd());
        return output;
    }

    [Fact]
    public void On_github_actions_the_revision_is_github_sha() =>
        SourceRevision.Of(folder, new Dictionary<string, string?> { ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567" })
            .ShouldBe("0123456789abcdef0123456789abcdef01234567");

    [Fact, Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
    public void Revision_is_the_head_commit_of_a_real_git_repository()
    {
        Git(folder, "init", "--quiet");
        Git(folder, "commit", "--quiet", "--allow-empty", "-m", "first");

        SourceRevision.Of(folder, NotOnActions).ShouldBe(Git(folder, "rev-parse", "HEAD"));
    }

    [Fact]
    public void Folder_outside_any_git_repository_has_an_unknown_revision() =>
        SourceRevision.Of(folder, NotOnActions).ShouldBe(SourceRevision.Unknown);

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
