using System.Net;
using CudaImages.Artifacts;
using CudaImages.Reporting;
using Octokit;
using Octokit.Internal;
using Polly;

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

    readonly IGitHubClient client;
    readonly GitHubRepositoryName repository;
    readonly ResiliencePipeline retry;
    readonly Action<string> log;
    readonly Uri apiUrl;

    public GitHubReleases(GitHubRepositoryName repository, string token, Uri apiUrl, Action<string> log, GitHubRetryOptions? retry = null,
        TimeProvider? time = null)
    {
        this.repository = repository;
        this.log = log;
        this.apiUrl = apiUrl;
        // Octokit turns any host other than github.com into a GitHub Enterprise base: https://HOST/api/v3/.
        client = new GitHubClient(new ProductHeaderValue("CudaImages"), new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)), apiUrl);
        this.retry = GitHubRetry.Pipeline(retry ?? GitHubRetryOptions.Default, log, time);
    }

    public static Uri DefaultApiUrl { get; } = new("https://api.github.com/");

    public async Task<PublishedRelease> PublishAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        await Call("read the repository", () => client.Repository.Get(repository.Owner, repository.Name), cancellationToken);

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
                ?? await client.Repository.Release.Create(repository.Owner, repository.Name, create), cancellationToken);
            log($"created release {request.Tag}: {release.HtmlUrl}");
        }
        else
        {
            var update = new ReleaseUpdate { Name = request.Name, Body = request.Body };
            release = await Call($"update release {request.Tag}", () => client.Repository.Release.Edit(repository.Owner, repository.Name, existing.Id, update), cancellationToken);
            log($"updated release {request.Tag}: {release.HtmlUrl}");
        }

        var uploaded = new List<string>();
        var replaced = new List<string>();
        foreach (var asset in request.Assets)
        {
            if (release.Assets?.FirstOrDefault(a => a.Name == asset.Name) is { } old)
            {
                await Call($"delete the old {asset.Name} of release {request.Tag}",
                    () => client.Repository.Release.DeleteAsset(repository.Owner, repository.Name, checked((int)old.Id)), cancellationToken);
                replaced.Add(asset.Name);
            }
            var attempt = 0;
            await Call($"upload {asset.Name} to release {request.Tag}", async () =>
            {
                // A retried upload first removes what a failed attempt may have left under the name (GitHub answers 422 otherwise).
                if (attempt++ > 0 && (await client.Repository.Release.GetAllAssets(repository.Owner, repository.Name, release.Id))
                        .FirstOrDefault(a => a.Name == asset.Name) is { } partial)
                    await client.Repository.Release.DeleteAsset(repository.Owner, repository.Name, checked((int)partial.Id));
                await using var stream = File.OpenRead(asset.Path); // opened per attempt: a retried upload starts again at byte 0
                return await client.Repository.Release.UploadAsset(release,
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
        await Call("read the repository", () => client.Repository.Get(repository.Owner, repository.Name), cancellationToken);
        var releases = await Call("list releases", () => client.Repository.Release.GetAll(repository.Owner, repository.Name,
            new ApiOptions { PageSize = PreviousCandidates, PageCount = 1, StartPage = 1 }), cancellationToken);
        var previous = releases.Where(r => !r.Draft && r.TagName != exceptTag)
            .FirstOrDefault(r => r.Assets?.Any(a => a.Name == ReportAsset) == true);
        if (previous is null) return null;

        var asset = previous.Assets.First(a => a.Name == ReportAsset);
        var response = await Call($"download {ReportAsset} of release {previous.TagName}", () => client.Connection.Get<byte[]>(
            new Uri($"repos/{repository.Owner}/{repository.Name}/releases/assets/{asset.Id}", UriKind.Relative),
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

    async Task<Release?> FindByTag(string tag)
    {
        try
        {
            return await client.Repository.Release.Get(repository.Owner, repository.Name, tag);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    static async Task<byte[]> ReadAll(Stream stream, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, cancellationToken);
        return memory.ToArray();
    }

    /// <summary>One call to GitHub, retried as <see cref="GitHubRetry"/> says, its failure turned into one sentence.</summary>
    async Task<T> Call<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync(async _ => await call(), cancellationToken);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            throw Explain(e, what);
        }
    }

    Task Call(string what, Func<Task> call, CancellationToken cancellationToken) =>
        Call(what, async () => { await call(); return true; }, cancellationToken);

    Exception Explain(Exception e, string what) => e switch
    {
        AuthorizationException => new GitHubReleaseException(
            $"GITHUB_TOKEN is invalid or expired (GitHub answered 401 to '{what}'); set GITHUB_TOKEN to a token with contents: write on {repository}", e),
        NotFoundException => new GitHubReleaseException(
            $"repository {repository} not found or the token cannot see it (GitHub answered 404 to '{what}' at {apiUrl}); check --github-repository and the token's access", e),
        ApiException api when GitHubRetry.IsRateLimit(api) => new GitHubReleaseException(
            $"GitHub's rate limit stopped '{what}'{(GitHubRetry.ResetAt(api) is { } reset ? $" until {reset:HH:mm} UTC" : "")}; run again later", e),
        ApiException { StatusCode: HttpStatusCode.Forbidden } api => new GitHubReleaseException(
            $"the token may not {what} in {repository} (GitHub answered 403: {api.Message}); give it contents: write (on Actions: permissions: contents: write)", e),
        ApiException api when (int)api.StatusCode >= 500 => new GitHubReleaseException(
            $"GitHub kept failing to {what} ({(int)api.StatusCode} {api.StatusCode}, retried); try again later", e),
        ApiException api => new GitHubReleaseException($"GitHub refused to {what} ({(int)api.StatusCode}: {api.Message})", e),
        _ => new GitHubReleaseException($"cannot reach GitHub at {apiUrl} to {what} ({e.Message.TrimEnd('.')}); check --github-url and the network", e),
    };
}
