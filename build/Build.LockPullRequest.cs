using System.Diagnostics;
using CudaImages;
using CudaImages.BuildEngine;
using CudaImages.Releasing;

partial class Build
{
    [Parameter("LockPullRequest: the branch the lock pull request goes into (default: main)")]
    readonly string BaseBranch = "main";

    [Parameter("LockPullRequest: the branch that carries the refreshed lock, one commit on top of --base-branch (default: cudaimages/lock)")]
    readonly string LockBranch = CudaImages.Releasing.LockPullRequest.DefaultBranch;

    const string LockPermission = "contents: write and pull-requests: write";

    Target LockPullRequest => _ => _
        .Description("Open or update one pull request with the lock files ./build.sh Lock changed under images/ (GitHub API; --base-branch, --lock-branch)")
        .Executes(async () =>
        {
            var files = ChangedLockFiles();
            if (files.Count == 0)
            {
                Log.Information("nothing under images/ differs from the checked-out commit: no lock pull request");
                return;
            }
            var github = GitHubSettings.Resolve(GitHubRepository, GitHubToken, GitHubUrl, required: true, purpose: "LockPullRequest", permission: LockPermission)!;
            var connection = new GitHubConnection(github.Repository, github.Token, github.ApiUrl, message => Log.Information(message), LockPermission);
            var opened = await new CudaImages.Releasing.LockPullRequest(connection, message => Log.Information(message))
                .OpenOrUpdateAsync(LockPullRequestText.Request(LockBranch, BaseBranch, files, RunUrl()), files, CancellationToken);
            AppendStepSummary($"Lock pull request #{opened.Number} {(opened.Created ? "opened" : "updated")}: {opened.Url}\n");
        });

    /// <summary>The files under images/ that differ from the checked-out commit (what Lock wrote), read as they are now.</summary>
    IReadOnlyList<LockFile> ChangedLockFiles()
    {
        var start = new ProcessStartInfo("git", ["-C", RootDirectory, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "images/"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var git = Process.Start(start) ?? throw new InputException("LockPullRequest needs git on PATH to find the changed lock files");
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
            throw new InputException($"LockPullRequest needs a git checkout to find the changed lock files; git status said: {git.StandardError.ReadToEnd().Trim()}");
        return LockPullRequestText.ChangedFiles(output, path => File.ReadAllText(RootDirectory / path));
    }
}
