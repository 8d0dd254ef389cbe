using System.Text.Json.Nodes;
using CudaImages.Releasing;
using Microsoft.Extensions.Time.Testing;

namespace CudaImages.Tests.Releasing;

/// <summary>GitHub releases through Octokit against a local HTTP fake of the REST API (WireMock.Net).</summary>
public sealed class GitHubReleasesTests : IDisposable
{
    const string Tag = "images-2026.11.05";
    const string Sha = "0123456789abcdef0123456789abcdef01234567";

    readonly GitHubFake github = new();
    readonly string folder = Directory.CreateTempSubdirectory("cudaimages-release-").FullName;
    readonly List<string> log = [];

    public void Dispose()
    {
        github.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    GitHubReleases Client(GitHubRetryOptions? retry = null, TimeProvider? time = null) =>
        new(new GitHubRepositoryName(GitHubFake.Owner, GitHubFake.Repo), GitHubFake.Token, github.ApiUrl, log.Add,
            retry ?? new GitHubRetryOptions(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1)), time);

    /// <summary>Time that stands still and records each wait it is asked for; the test moves it on.</summary>
    sealed class WaitingTime : FakeTimeProvider
    {
        readonly TaskCompletionSource<TimeSpan> firstWait = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<TimeSpan> FirstWait => firstWait.Task;

        // The wait is announced only once its timer is registered: a test that moves time on as soon as it hears of the
        // wait must find the timer there, or the timer would start after the move and never fire.
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            firstWait.TrySetResult(dueTime);
            return timer;
        }
    }

    ReleaseRequest Request()
    {
        File.WriteAllText(Path.Combine(folder, "report.json"), "{\"schemaVersion\":1}\n");
        File.WriteAllText(Path.Combine(folder, "report.md"), "# Report\n");
        File.WriteAllText(Path.Combine(folder, "index.html"), "<!doctype html><title>Report</title>\n");
        return new ReleaseRequest(Tag, "CUDA images 2026-11-05", "# CUDA images\n\nnotes body\n", Sha,
        [
            new ReleaseFile("report.json", Path.Combine(folder, "report.json"), "application/json"),
            new ReleaseFile("report.md", Path.Combine(folder, "report.md"), "text/markdown"),
            new ReleaseFile("index.html", Path.Combine(folder, "index.html"), "text/html"),
        ]);
    }

    [Fact]
    public async Task Missing_release_is_created_with_the_notes_as_body_and_each_file_uploaded_to_the_upload_url()
    {
        github.Repository().ReleaseByTag(Tag, null).CreateRelease(github.Release(11, Tag)).Uploads(11);

        var published = await Client().PublishAsync(Request(), CancellationToken.None);

        published.Created.ShouldBeTrue();
        published.Uploaded.ShouldBe(["report.json", "report.md", "index.html"]);
        github.RequestLines.ShouldBe(
        [
            $"GET {github.Api("")}",
            $"GET {github.Api($"/releases/tags/{Tag}")}",
            $"POST {github.Api("/releases")}",
            $"POST {github.UploadPath(11)}?name=report.json",
            $"POST {github.UploadPath(11)}?name=report.md",
            $"POST {github.UploadPath(11)}?name=index.html",
        ]);
        foreach (var request in github.Requests)
            request.Headers!["Authorization"].ShouldBe([$"Bearer {GitHubFake.Token}"], $"{request.Method} {request.Path}");

        var create = GitHubFake.Json(github.Requests[2]);
        create.GetProperty("tag_name").GetString().ShouldBe(Tag);
        create.GetProperty("name").GetString().ShouldBe("CUDA images 2026-11-05");
        create.GetProperty("body").GetString().ShouldBe("# CUDA images\n\nnotes body\n");
        create.GetProperty("target_commitish").GetString().ShouldBe(Sha);
        create.GetProperty("draft").GetBoolean().ShouldBeFalse();
        create.GetProperty("prerelease").GetBoolean().ShouldBeFalse();

        var upload = github.Requests[3];
        upload.Query!["name"].ShouldBe(["report.json"]);
        upload.Headers!["Content-Type"].Single().ShouldStartWith("application/json");
        upload.BodyAsBytes.ShouldBe(File.ReadAllBytes(Path.Combine(folder, "report.json")));
        github.Requests[5].Headers!["Content-Type"].Single().ShouldStartWith("text/html");
        github.Requests[5].BodyAsBytes.ShouldBe(File.ReadAllBytes(Path.Combine(folder, "index.html")));
    }

    [Fact]
    public async Task Existing_release_found_by_tag_is_updated_not_created_again()
    {
        github.Repository().ReleaseByTag(Tag, github.Release(7, Tag)).EditRelease(7, github.Release(7, Tag)).Uploads(7);

        var published = await Client().PublishAsync(Request(), CancellationToken.None);

        published.Created.ShouldBeFalse();
        published.Id.ShouldBe(7);
        github.RequestLines.ShouldNotContain($"POST {github.Api("/releases")}");
        var edit = github.Requests.Single(r => r.Method == "PATCH");
        edit.Path.ShouldBe(github.Api("/releases/7"));
        var body = GitHubFake.Json(edit);
        body.GetProperty("name").GetString().ShouldBe("CUDA images 2026-11-05");
        body.GetProperty("body").GetString().ShouldBe("# CUDA images\n\nnotes body\n");
        github.RequestLines.Count(l => l.StartsWith($"POST {github.UploadPath(7)}")).ShouldBe(3);
    }

    [Fact]
    public async Task Asset_with_the_same_name_is_deleted_then_uploaded_again()
    {
        var existing = github.Release(7, Tag, (42, "report.json"), (43, "notes.txt"));
        github.Repository().ReleaseByTag(Tag, existing).EditRelease(7, existing).DeleteAsset(42).Uploads(7);

        var published = await Client().PublishAsync(Request(), CancellationToken.None);

        published.Replaced.ShouldBe(["report.json"]);
        var lines = github.RequestLines;
        var delete = lines.IndexOf($"DELETE {github.Api("/releases/assets/42")}");
        delete.ShouldBeGreaterThan(-1);
        lines.IndexOf($"POST {github.UploadPath(7)}?name=report.json").ShouldBeGreaterThan(delete);
        lines.ShouldNotContain($"DELETE {github.Api("/releases/assets/43")}"); // other files of the release stay
    }

    [Fact]
    public async Task Publishing_the_same_tag_twice_gives_one_release()
    {
        // The fake remembers the creation: the second lookup by tag finds the release the first run made.
        github.Repository()
            .ReleaseByTag(Tag, null, scenario: "release", whenState: null)
            .CreateRelease(github.Release(11, Tag), scenario: "release", thenState: "created")
            .ReleaseByTag(Tag, github.Release(11, Tag, (900, "report.json"), (901, "report.md"), (902, "index.html")), scenario: "release", whenState: "created")
            .EditRelease(11, github.Release(11, Tag, (900, "report.json"), (901, "report.md"), (902, "index.html")))
            .DeleteAsset(900).DeleteAsset(901).DeleteAsset(902)
            .Uploads(11);

        var first = await Client().PublishAsync(Request(), CancellationToken.None);
        var second = await Client().PublishAsync(Request(), CancellationToken.None);

        first.Created.ShouldBeTrue();
        second.Created.ShouldBeFalse();
        second.Id.ShouldBe(first.Id);
        github.RequestLines.Count(l => l == $"POST {github.Api("/releases")}").ShouldBe(1);
        github.RequestLines.Count(l => l == $"PATCH {github.Api("/releases/11")}").ShouldBe(1);
        second.Replaced.ShouldBe(["report.json", "report.md", "index.html"]);
    }

    [Fact]
    public async Task A_create_answered_502_after_github_made_the_release_is_not_made_twice()
    {
        // GitHub created the release but the answer was lost: the retry finds it by its tag instead of failing with 422.
        github.Repository()
            .ReleaseByTag(Tag, null, scenario: "lost", whenState: null)
            .Fail("POST", github.Api("/releases"), 502, scenario: "lost", thenState: "made")
            .ReleaseByTag(Tag, github.Release(11, Tag), scenario: "lost", whenState: "made")
            .Uploads(11);

        var published = await Client().PublishAsync(Request(), CancellationToken.None);

        published.Id.ShouldBe(11);
        github.RequestLines.Count(l => l == $"POST {github.Api("/releases")}").ShouldBe(1);
        github.RequestLines.Count(l => l.StartsWith($"POST {github.UploadPath(11)}")).ShouldBe(3);
    }

    [Fact]
    public async Task Bad_gateway_is_retried_then_the_release_is_created()
    {
        github.Fail("GET", github.Api(""), 502, scenario: "flaky", thenState: "recovered")
            .Repository(scenario: "flaky", whenState: "recovered")
            .ReleaseByTag(Tag, null).CreateRelease(github.Release(11, Tag)).Uploads(11);

        var published = await Client().PublishAsync(Request(), CancellationToken.None);

        published.Created.ShouldBeTrue();
        github.RequestLines.Take(2).ShouldBe([$"GET {github.Api("")}", $"GET {github.Api("")}"]);
        log.ShouldContain(l => l.Contains("502") && l.Contains("retry 1 of 3"));
    }

    [Fact]
    public async Task Rate_limit_answer_waits_as_retry_after_says_then_goes_on()
    {
        var limited = new Dictionary<string, string> { ["Retry-After"] = "30", ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = "1700000000" };
        github.Fail("GET", github.Api(""), 403, limited, "API rate limit exceeded for installation", scenario: "limited", thenState: "reset")
            .Repository(scenario: "limited", whenState: "reset")
            .ReleaseByTag(Tag, null).CreateRelease(github.Release(11, Tag)).Uploads(11);
        var time = new WaitingTime();

        var publishing = Client(new GitHubRetryOptions(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(60)), time)
            .PublishAsync(Request(), CancellationToken.None);

        (await time.FirstWait.WaitAsync(Wait.HangGuard)).ShouldBe(TimeSpan.FromSeconds(30));
        github.RequestLines.ShouldBe([$"GET {github.Api("")}"]); // time stands still: nothing is retried before the wait is over
        log.ShouldContain(l => l.Contains("rate limited (403)") && l.Contains("in 30 s"));
        time.Advance(TimeSpan.FromSeconds(30));
        var published = await publishing.WaitAsync(Wait.HangGuard);
        published.Created.ShouldBeTrue();
        github.RequestLines.Take(2).ShouldBe([$"GET {github.Api("")}", $"GET {github.Api("")}"]);
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times_then_explained()
    {
        github.Fail("GET", github.Api(""), 503);

        var error = await Should.ThrowAsync<GitHubReleaseException>(() => Client().PublishAsync(Request(), CancellationToken.None));

        github.RequestLines.Count.ShouldBe(4); // the first try and 3 retries
        error.Message.ShouldStartWith("GitHub kept failing to read the repository (503");
    }

    [Fact]
    public async Task Invalid_token_is_explained_in_one_sentence()
    {
        github.Repository(status: 401);

        var error = await Should.ThrowAsync<GitHubReleaseException>(() => Client().PublishAsync(Request(), CancellationToken.None));

        error.Message.ShouldStartWith("GITHUB_TOKEN is invalid or expired");
        error.Message.ShouldNotContain(GitHubFake.Token);
        github.RequestLines.Count.ShouldBe(1); // a bad token is not retried
    }

    [Fact]
    public async Task Unknown_repository_is_explained_in_one_sentence()
    {
        github.Repository(status: 404);

        var error = await Should.ThrowAsync<GitHubReleaseException>(() => Client().PublishAsync(Request(), CancellationToken.None));

        error.Message.ShouldStartWith($"repository {GitHubFake.Owner}/{GitHubFake.Repo} not found or the token cannot see it");
        github.RequestLines.ShouldBe([$"GET {github.Api("")}"]);
    }

    [Fact]
    public async Task Previous_report_comes_from_the_newest_other_published_release_that_has_one()
    {
        var previous = File.ReadAllText(ReleaseFixtures.PreviousReportPath);
        var draft = github.Release(30, "images-2026.11.01", (301, "report.json"));
        draft["draft"] = true;
        github.Repository().ListReleases(new JsonArray(
                github.Release(31, Tag, (311, "report.json")),     // today's release: a rerun must not compare with itself
                draft,
                github.Release(29, "images-2026.10.30"),          // no report attached
                github.Release(28, "images-2026.10.29", (281, "report.json"))))
            .AssetDownload(281, previous);

        var found = await Client().PreviousReportAsync(Tag, Path.Combine(folder, "previous.json"), CancellationToken.None);

        found.ShouldNotBeNull();
        found.Tag.ShouldBe("images-2026.10.29");
        found.Report.Images.Count.ShouldBe(4);
        var list = github.Requests.Single(r => r.Path == github.Api("/releases"));
        list.Query!["per_page"].ShouldBe(["30"]);
        var download = github.Requests.Single(r => r.Path == github.Api("/releases/assets/281"));
        download.Headers!["Accept"].ShouldBe(["application/octet-stream"]);
        download.Headers!["Authorization"].ShouldBe([$"Bearer {GitHubFake.Token}"]);
    }

    [Fact]
    public async Task No_release_with_a_report_means_a_first_release()
    {
        github.Repository().ListReleases(new JsonArray(github.Release(29, "v1.0")));

        var found = await Client().PreviousReportAsync(Tag, Path.Combine(folder, "previous.json"), CancellationToken.None);

        found.ShouldBeNull();
    }
}
