using System.Text.Json.Nodes;
using CudaImages.Releasing;

namespace CudaImages.Tests.Releasing;

/// <summary>The lock pull request through Octokit against the local HTTP fake of the GitHub API: the exact requests, in order.</summary>
public sealed class LockPullRequestTests : IDisposable
{
    const string BaseSha = "1111111111111111111111111111111111111111";
    const string BaseTree = "2222222222222222222222222222222222222222";
    const string NewTree = "3333333333333333333333333333333333333333";
    const string NewCommit = "4444444444444444444444444444444444444444";
    const string Branch = "cudaimages/lock";

    readonly GitHubFake github = new();
    readonly List<string> log = [];

    static readonly IReadOnlyList<LockFile> Files =
    [
        new("images/lock/debian12.lock", "libcudart11.0=11.8.89~11.8.0-5~deb12u1\n"),
        new("images/lock/debian13.lock", "libcudart12=12.4.127~12.4.1-2\n"),
    ];

    public void Dispose() => github.Dispose();

    LockPullRequest Client() => new(new GitHubConnection(new GitHubRepositoryName(GitHubFake.Owner, GitHubFake.Repo), GitHubFake.Token, github.ApiUrl,
        log.Add, "contents: write and pull-requests: write", new GitHubRetryOptions(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1))), log.Add);

    static LockPullRequestRequest Request => LockPullRequestText.Request(Branch, "main", Files, "https://github.example/acme/cuda-images/actions/runs/7");

    static JsonObject Pull(int number) => new()
    {
        ["number"] = number,
        ["id"] = 500 + number,
        ["state"] = "open",
        ["title"] = LockPullRequestText.Title,
        ["html_url"] = $"https://github.example/acme/cuda-images/pull/{number}",
    };

    static JsonObject Ref(string name, string sha) => new() { ["ref"] = $"refs/heads/{name}", ["object"] = new JsonObject { ["sha"] = sha, ["type"] = "commit" } };

    /// <summary>The base branch, its commit, and the tree and commit the lock files make on top of it.</summary>
    GitHubFake BaseAndCommit() => github
        .On("GET", "/git/refs/heads/main", 200, Ref("main", BaseSha))
        .On("GET", $"/git/commits/{BaseSha}", 200, new JsonObject { ["sha"] = BaseSha, ["tree"] = new JsonObject { ["sha"] = BaseTree } })
        .On("POST", "/git/trees", 201, new JsonObject { ["sha"] = NewTree })
        .On("POST", "/git/commits", 201, new JsonObject { ["sha"] = NewCommit, ["tree"] = new JsonObject { ["sha"] = NewTree } });

    /// <summary>Neither the branch nor a pull request of it exists: the branch is created.</summary>
    GitHubFake NoPullRequestYet() => BaseAndCommit()
        .On("GET", "/pulls", 200, new JsonArray())
        .On("GET", $"/git/refs/heads/{Branch}", 404, null)
        .On("POST", "/git/refs", 201, Ref(Branch, NewCommit));

    [Fact]
    public async Task First_lock_change_creates_the_branch_on_the_base_head_and_opens_one_pull_request()
    {
        NoPullRequestYet()
            .On("POST", "/pulls", 201, Pull(12));

        var opened = await Client().OpenOrUpdateAsync(Request, Files, CancellationToken.None);

        github.RequestLines.ShouldBe(
        [
            $"GET /api/v3/repos/acme/cuda-images/pulls?state=open&head=acme%3A{Uri.EscapeDataString(Branch)}&base=main&sort=created&direction=desc&per_page=1&page=1",
            "GET /api/v3/repos/acme/cuda-images/git/refs/heads/main",
            $"GET /api/v3/repos/acme/cuda-images/git/commits/{BaseSha}",
            "POST /api/v3/repos/acme/cuda-images/git/trees",
            "POST /api/v3/repos/acme/cuda-images/git/commits",
            $"GET /api/v3/repos/acme/cuda-images/git/refs/heads/{Branch}",
            "POST /api/v3/repos/acme/cuda-images/git/refs",
            "POST /api/v3/repos/acme/cuda-images/pulls",
        ]);
        opened.ShouldBe(new OpenedPullRequest(12, "https://github.example/acme/cuda-images/pull/12", true, NewCommit));
    }

    [Fact]
    public async Task Tree_is_the_base_tree_plus_each_lock_file_and_the_commit_sits_on_the_base_head()
    {
        NoPullRequestYet()
            .On("POST", "/pulls", 201, Pull(12));

        await Client().OpenOrUpdateAsync(Request, Files, CancellationToken.None);

        var tree = GitHubFake.Json(github.Requests.Single(r => r.Path.EndsWith("/git/trees")));
        tree.GetProperty("base_tree").GetString().ShouldBe(BaseTree);
        tree.GetProperty("tree").EnumerateArray().Select(i => (i.GetProperty("path").GetString(), i.GetProperty("mode").GetString(), i.GetProperty("type").GetString(), i.GetProperty("content").GetString()))
            .ShouldBe(Files.Select(f => ((string?)f.Path, (string?)"100644", (string?)"blob", (string?)f.Content)));
        var commit = GitHubFake.Json(github.Requests.Single(r => r.Path.EndsWith("/git/commits")));
        commit.GetProperty("tree").GetString().ShouldBe(NewTree);
        commit.GetProperty("parents").EnumerateArray().Select(p => p.GetString()).ShouldBe([BaseSha]);
        var branch = GitHubFake.Json(github.Requests.Single(r => r.Path.EndsWith("/git/refs")));
        (branch.GetProperty("ref").GetString(), branch.GetProperty("sha").GetString()).ShouldBe(($"refs/heads/{Branch}", NewCommit));
        var pull = GitHubFake.Json(github.Requests.Single(r => r.Method == "POST" && r.Path.EndsWith("/pulls")));
        (pull.GetProperty("head").GetString(), pull.GetProperty("base").GetString(), pull.GetProperty("title").GetString())
            .ShouldBe((Branch, "main", LockPullRequestText.Title));
    }

    [Fact]
    public async Task Open_pull_request_of_the_branch_is_updated_and_its_branch_force_moved_never_a_second_one_opened()
    {
        BaseAndCommit()
            .On("GET", "/pulls", 200, new JsonArray(Pull(9)))
            .On("GET", $"/git/refs/heads/{Branch}", 200, Ref(Branch, "5555555555555555555555555555555555555555"))
            .On("PATCH", $"/git/refs/heads/{Branch}", 200, Ref(Branch, NewCommit))
            .On("PATCH", "/pulls/9", 200, Pull(9));

        var opened = await Client().OpenOrUpdateAsync(Request, Files, CancellationToken.None);

        github.RequestLines.Skip(5).ShouldBe(
        [
            $"GET /api/v3/repos/acme/cuda-images/git/refs/heads/{Branch}",
            $"PATCH /api/v3/repos/acme/cuda-images/git/refs/heads/{Branch}",
            "PATCH /api/v3/repos/acme/cuda-images/pulls/9",
        ]);
        var move = GitHubFake.Json(github.Requests.Single(r => r.Method == "PATCH" && r.Path.Contains("/git/refs/")));
        (move.GetProperty("sha").GetString(), move.GetProperty("force").GetBoolean()).ShouldBe((NewCommit, true));
        opened.Created.ShouldBeFalse();
        opened.Number.ShouldBe(9);
    }

    [Fact]
    public async Task Token_without_pull_request_permission_is_one_sentence_naming_the_permission()
    {
        NoPullRequestYet()
            .On("POST", "/pulls", 403, new JsonObject { ["message"] = "Resource not accessible by integration" });

        var failure = await Should.ThrowAsync<GitHubReleaseException>(() => Client().OpenOrUpdateAsync(Request, Files, CancellationToken.None));

        failure.Message.ShouldContain("pull-requests: write");
        failure.Message.ShouldNotContain(GitHubFake.Token);
    }

    [Fact]
    public void Changed_files_are_the_modified_and_new_entries_of_git_status()
    {
        var files = LockPullRequestText.ChangedFiles(" M images/lock/debian12.lock\0?? images/lock/debian13.lock\0", path => $"text of {path}");

        files.ShouldBe([new LockFile("images/lock/debian12.lock", "text of images/lock/debian12.lock"), new LockFile("images/lock/debian13.lock", "text of images/lock/debian13.lock")]);
    }

    [Fact]
    public void Deleted_lock_file_is_refused_with_the_fix()
    {
        var failure = Should.Throw<InputException>(() => LockPullRequestText.ChangedFiles(" D images/lock/debian11.lock\0", _ => ""));

        failure.Message.ShouldContain("images/lock/debian11.lock");
        failure.Message.ShouldContain("by hand");
    }
}
