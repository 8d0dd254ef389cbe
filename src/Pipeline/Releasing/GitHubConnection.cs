using System.Net;
using Octokit;
using Octokit.Internal;
using Polly;

namespace CudaImages.Releasing;

/// <summary>
/// One repository on GitHub through Octokit: every call retried as <see cref="GitHubRetry"/> says, and a failure turned into
/// one sentence naming what was asked and the permission it needs.
/// </summary>
public sealed class GitHubConnection
{
    readonly ResiliencePipeline retry;
    readonly Uri apiUrl;
    readonly string permission;

    /// <param name="permission">What the token needs, as a workflow grants it, e.g. "contents: write".</param>
    public GitHubConnection(GitHubRepositoryName repository, string token, Uri apiUrl, Action<string> log, string permission,
        GitHubRetryOptions? retry = null, TimeProvider? time = null)
    {
        Repository = repository;
        this.apiUrl = apiUrl;
        this.permission = permission;
        // Octokit turns any host other than github.com into a GitHub Enterprise base: https://HOST/api/v3/.
        Client = new GitHubClient(new ProductHeaderValue("CudaImages"), new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)), apiUrl);
        this.retry = GitHubRetry.Pipeline(retry ?? GitHubRetryOptions.Default, log, time);
    }

    public IGitHubClient Client { get; }

    public GitHubRepositoryName Repository { get; }

    public string Owner => Repository.Owner;

    public string Name => Repository.Name;

    /// <summary>One call to GitHub, retried, its failure turned into one sentence.</summary>
    public async Task<T> Call<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
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

    public Task Call(string what, Func<Task> call, CancellationToken cancellationToken) =>
        Call(what, async () => { await call(); return true; }, cancellationToken);

    /// <summary>The answer, or null where GitHub says 404 (a release, branch or pull request that does not exist yet).</summary>
    public static async Task<T?> OrNull<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    Exception Explain(Exception e, string what) => e switch
    {
        AuthorizationException => new GitHubReleaseException(
            $"GITHUB_TOKEN is invalid or expired (GitHub answered 401 to '{what}'); set GITHUB_TOKEN to a token with {permission} on {Repository}", e),
        NotFoundException => new GitHubReleaseException(
            $"repository {Repository} not found or the token cannot see it (GitHub answered 404 to '{what}' at {apiUrl}); check --github-repository and the token's access", e),
        ApiException api when GitHubRetry.IsRateLimit(api) => new GitHubReleaseException(
            $"GitHub's rate limit stopped '{what}'{(GitHubRetry.ResetAt(api) is { } reset ? $" until {reset:HH:mm} UTC" : "")}; run again later", e),
        ApiException { StatusCode: HttpStatusCode.Forbidden } api => new GitHubReleaseException(
            $"the token may not {what} in {Repository} (GitHub answered 403: {api.Message}); give it {permission} (on Actions: permissions: {permission})", e),
        ApiException api when (int)api.StatusCode >= 500 => new GitHubReleaseException(
            $"GitHub kept failing to {what} ({(int)api.StatusCode} {api.StatusCode}, retried); try again later", e),
        ApiException api => new GitHubReleaseException($"GitHub refused to {what} ({(int)api.StatusCode}: {api.Message})", e),
        _ => new GitHubReleaseException($"cannot reach GitHub at {apiUrl} to {what} ({e.Message.TrimEnd('.')}); check --github-url and the network", e),
    };
}
