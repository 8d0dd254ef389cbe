using Octokit;

namespace CudaImages.Releasing;

/// <summary>A file of the new lock as the pull request commits it: its path in the repository (images/...) and its text.</summary>
public sealed record LockFile(string Path, string Content);

/// <summary>What the pull request should be: its branch, the branch it goes into, its title and body.</summary>
public sealed record LockPullRequestRequest(string Branch, string BaseBranch, string Title, string Body, string CommitMessage);

/// <summary>What OpenOrUpdateAsync did: Created false means the open pull request of the branch was updated.</summary>
public sealed record OpenedPullRequest(int Number, string Url, bool Created, string Commit);

/// <summary>
/// One pull request with the refreshed lock, through Octokit and the git data API: the branch is always one commit on top of
/// the base branch's head (a tree of the base's tree plus the lock files), force-moved on every run, so a week that changes
/// the lock again updates the same pull request instead of opening another. Exactly these requests, in this order:
/// GET pulls?head=owner:branch&amp;base=..&amp;state=open · GET git/ref/heads/base · GET git/commits/base-sha · POST git/trees ·
/// POST git/commits · GET git/ref/heads/branch, then PATCH git/refs/heads/branch (force) or POST git/refs · PATCH pulls/n or POST pulls.
/// </summary>
public sealed class LockPullRequest(GitHubConnection github, Action<string> log)
{
    public const string DefaultBranch = "cudaimages/lock";

    public async Task<OpenedPullRequest> OpenOrUpdateAsync(LockPullRequestRequest request, IReadOnlyList<LockFile> files, CancellationToken cancellationToken)
    {
        if (files.Count == 0) throw new ArgumentException("a lock pull request needs at least one changed lock file", nameof(files));
        var client = github.Client;
        var (owner, name) = (github.Owner, github.Name);

        var open = await github.Call($"look for the open pull request of {request.Branch}", () => client.PullRequest.GetAllForRepository(owner, name,
            new PullRequestRequest { Head = $"{owner}:{request.Branch}", Base = request.BaseBranch, State = ItemStateFilter.Open },
            new ApiOptions { PageSize = 1, PageCount = 1, StartPage = 1 }), cancellationToken);
        var existing = open.FirstOrDefault();

        var baseHead = await github.Call($"read branch {request.BaseBranch}", () => client.Git.Reference.Get(owner, name, $"heads/{request.BaseBranch}"), cancellationToken);
        var baseCommit = await github.Call($"read commit {baseHead.Object.Sha}", () => client.Git.Commit.Get(owner, name, baseHead.Object.Sha), cancellationToken);
        var tree = new NewTree { BaseTree = baseCommit.Tree.Sha };
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            tree.Tree.Add(new NewTreeItem { Path = file.Path, Mode = "100644", Type = TreeType.Blob, Content = file.Content });
        var newTree = await github.Call("write the lock files' tree", () => client.Git.Tree.Create(owner, name, tree), cancellationToken);
        var commit = await github.Call("commit the lock files",
            () => client.Git.Commit.Create(owner, name, new NewCommit(request.CommitMessage, newTree.Sha, baseHead.Object.Sha)), cancellationToken);

        var branch = await github.Call($"read branch {request.Branch}",
            () => GitHubConnection.OrNull(() => client.Git.Reference.Get(owner, name, $"heads/{request.Branch}")), cancellationToken);
        if (branch is null)
            await github.Call($"create branch {request.Branch}",
                () => client.Git.Reference.Create(owner, name, new NewReference($"refs/heads/{request.Branch}", commit.Sha)), cancellationToken);
        else
            // The branch is ours: each run replaces its one commit, on top of the base's head of today.
            await github.Call($"move branch {request.Branch}",
                () => client.Git.Reference.Update(owner, name, $"heads/{request.Branch}", new ReferenceUpdate(commit.Sha, force: true)), cancellationToken);

        PullRequest pull;
        if (existing is null)
        {
            pull = await github.Call($"open a pull request from {request.Branch} into {request.BaseBranch}",
                () => client.PullRequest.Create(owner, name, new NewPullRequest(request.Title, request.Branch, request.BaseBranch) { Body = request.Body }), cancellationToken);
            log($"opened pull request #{pull.Number}: {pull.HtmlUrl}");
        }
        else
        {
            pull = await github.Call($"update pull request #{existing.Number}",
                () => client.PullRequest.Update(owner, name, existing.Number, new PullRequestUpdate { Title = request.Title, Body = request.Body }), cancellationToken);
            log($"updated pull request #{pull.Number}: {pull.HtmlUrl}");
        }
        return new OpenedPullRequest(pull.Number, pull.HtmlUrl, existing is null, commit.Sha);
    }
}
