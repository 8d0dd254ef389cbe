using CudaImages.Artifacts;
using CudaImages.Reporting;
using Octokit;

namespace CudaImages.Releasing;

/// <summary>A file attached to the release, e.g. artifacts/report/report.json as report.json.</summary>
public sealed record ReleaseFile(string Name, string Path, string ContentType);

/// <summary>What a release should be: found by its tag, created when missing, otherwise brought up to date.</summary>
public sealed record ReleaseRequest(string Tag, string Name, string Body, string? TargetCommitish, IReadOnlyList<ReleaseFile> Assets);

/// <summary>What PublishAsync did: Created false means an existing release with the tag was updated.</summary>
public sealed record PublishedRelease(long Id, string Url, bool Created, IReadOnlyList<string> Uploaded, IReadOnlyList<string> Replaced);

/// <summary>The previous release's report and where it came from (its tag), for the notes' header.</summary>
public sealed record PreviousRelease(string Tag, ReportFile Report);

/// <summary>A GitHub answer the user must act on, in one sentence (exit code 1).</summary>
public sealed class GitHubReleaseException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// GitHub releases through Octokit. Publishing is idempotent: the release is looked up by tag
/// (GET /repos/{owner}/{repo}/releases/tags/{tag}) and created only on 404, else edited; an asset that exists
/// under the same name is deleted and uploaded again, so the release always carries this run's files.
/// </summary>
public sealed class GitHubReleases
{
    public const string ReportAsset = ReportFiles.Json;

    /// <summary>Releases looked at for the previous report, newest first; older ones are not worth a second page.</summary>
    const int PreviousCandidates = 30;

    readonly GitHubConnection github;
    readonly Action<string> log;

    public GitHubReleases(GitHubRepositoryName repository, string token, Uri apiUrl, Action<string> log, GitHubRetryOptions? retry = null,
        TimeProvider? time = null)
    {
        this.log = log;
        github = new GitHubConnection(repository, token, apiUrl, log, "contents: write", retry, time);
    }

    public static Uri DefaultApiUrl { get; } = new("https://api.github.com/");

    public async Task<PublishedRelease> PublishAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        await Call("read the repository", () => github.Client.Repository.Get(github.Owner, github.Name), cancellationToken);

        var existing = await Call($"look up release {request.Tag}", () => FindByTag(request.Tag), cancellationToken);
        Release release;
        if (existing is null)
        {
            var create = new NewRelease(request.Tag) { Name = request.Name, Body = request.Body, Draft = false, Prerelease = false };
            if (request.TargetCommitish is { } commit) create.TargetCommitish = commit;
            // A retried create first looks again: an attempt that timed out may have created the release after all.
            var attempt = 0;
            release = await Call($"create release {request.Tag}", async () =>
                (attempt++ > 0 ? await FindByTag(request.Tag) : null)
                ?? await github.Client.Repository.Release.Create(github.Owner, github.Name, create), cancellationToken);
            log($"created release {request.Tag}: {release.HtmlUrl}");
        }
        else
        {
            var update = new ReleaseUpdate { Name = request.Name, Body = request.Body };
            release = await Call($"update release {request.Tag}", () => github.Client.Repository.Release.Edit(github.Owner, github.Name, existing.Id, update), cancellationToken);
            log($"updated release {request.Tag}: {release.HtmlUrl}");
        }

        var uploaded = new List<string>();
        var replaced = new List<string>();
        foreach (var asset in request.Assets)
        {
            if (release.Assets?.FirstOrDefault(a => a.Name == asset.Name) is { } old)
            {
                await Call($"delete the old {asset.Name} of release {request.Tag}",
                    () => github.Client.Repository.Release.DeleteAsset(github.Owner, github.Name, checked((int)old.Id)), cancellationToken);
                replaced.Add(asset.Name);
            }
            var attempt = 0;
            await Call($"upload {asset.Name} to release {request.Tag}", async () =>
            {
                // A retried upload first removes what a failed attempt may have left under the name (GitHub answers 422 otherwise).
                if (attempt++ > 0 && (await github.Client.Repository.Release.GetAllAssets(github.Owner, github.Name, release.Id))
                        .FirstOrDefault(a => a.Name == asset.Name) is { } partial)
                    await github.Client.Repository.Release.DeleteAsset(github.Owner, github.Name, checked((int)partial.Id));
                await using var stream = File.OpenRead(asset.Path); // opened per attempt: a retried upload starts again at byte 0
                return await github.Client.Repository.Release.UploadAsset(release,
                    new ReleaseAssetUpload(asset.Name, asset.ContentType, stream, TimeSpan.FromMinutes(5)), cancellationToken);
            }, cancellationToken);
            uploaded.Add(asset.Name);
        }
        return new PublishedRelease(release.Id, release.HtmlUrl, existing is null, uploaded, replaced);
    }

    /// <summary>
    /// The report.json of the newest published release other than <paramref name="exceptTag"/> (a rerun of today's
    /// release must not compare with itself), or null when no release carries one: the first release.
    /// </summary>
    public async Task<PreviousRelease?> PreviousReportAsync(string exceptTag, string downloadTo, CancellationToken cancellationToken)
    {
        await Call("read the repository", () => github.Client.Repository.Get(github.Owner, github.Name), cancellationToken);
        var releases = await Call("list releases", () => github.Client.Repository.Release.GetAll(github.Owner, github.Name,
            new ApiOptions { PageSize = PreviousCandidates, PageCount = 1, StartPage = 1 }), cancellationToken);
        var previous = releases.Where(r => !r.Draft && r.TagName != exceptTag)
            .FirstOrDefault(r => r.Assets?.Any(a => a.Name == ReportAsset) == true);
        if (previous is null) return null;

        var asset = previous.Assets.First(a => a.Name == ReportAsset);
        var response = await Call($"download {ReportAsset} of release {previous.TagName}", () => github.Client.Connection.Get<byte[]>(
            new Uri($"repos/{github.Owner}/{github.Name}/releases/assets/{asset.Id}", UriKind.Relative),
            new Dictionary<string, string>(), "application/octet-stream", cancellationToken), cancellationToken);
        var bytes = response.HttpResponse.Body switch
        {
            byte[] b => b,
            string s => System.Text.Encoding.UTF8.GetBytes(s),
            Stream s => await ReadAll(s, cancellationToken),
            _ => [],
        };
        ArtifactFile.WriteBytes(downloadTo, bytes);
        try
        {
            return new PreviousRelease(previous.TagName, ReportFile.Read(downloadTo));
        }
        catch (InvalidDataException e)
        {
            throw new GitHubReleaseException($"the {ReportAsset} of release {previous.TagName} is not a report this build reads ({e.Message.TrimEnd('.')}); pass --previous-report with a good one");
        }
    }

    Task<Release?> FindByTag(string tag) => GitHubConnection.OrNull(() => github.Client.Repository.Release.Get(github.Owner, github.Name, tag));

    static async Task<byte[]> ReadAll(Stream stream, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, cancellationToken);
        return memory.ToArray();
    }

    Task<T> Call<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken) => github.Call(what, call, cancellationToken);

    Task Call(string what, Func<Task> call, CancellationToken cancellationToken) => github.Call(what, call, cancellationToken);
}
