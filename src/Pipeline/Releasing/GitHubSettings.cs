namespace CudaImages.Releasing;

/// <summary>Where GitHub releases go and with which token: the parameters, else what GitHub Actions sets in the environment.</summary>
public sealed record GitHubSettings(GitHubRepositoryName Repository, string Token, Uri ApiUrl)
{
    /// <summary>
    /// The settings when a repository (--github-repository, else GITHUB_REPOSITORY) and a token are known, else null;
    /// the API base is --github-url, else GITHUB_API_URL, else github.com's.
    /// </summary>
    /// <exception cref="InputException"><paramref name="required"/> and no repository or token, or an API URL that is not https (plain http only to this machine).</exception>
    /// <param name="purpose">What needs GitHub, as the error says it: "--publish-release", "LockPullRequest".</param>
    public static GitHubSettings? Resolve(string? repository, string? token, string? url, bool required,
        IReadOnlyDictionary<string, string?>? environment = null, string purpose = "--publish-release", string permission = "contents: write")
    {
        string? Variable(string name) => environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);

        repository ??= Variable("GITHUB_REPOSITORY");
        if (string.IsNullOrWhiteSpace(token) || string.IsNullOrWhiteSpace(repository))
        {
            if (!required) return null;
            throw new InputException(string.IsNullOrWhiteSpace(token)
                ? $"{purpose} needs a GitHub token; set GITHUB_TOKEN (on Actions: secrets.GITHUB_TOKEN with permissions: {permission})"
                : $"{purpose} needs the repository; pass --github-repository owner/name or set GITHUB_REPOSITORY");
        }
        var apiUrl = ParseApiUrl(url ?? Variable("GITHUB_API_URL") ?? GitHubReleases.DefaultApiUrl.ToString());
        return new GitHubSettings(GitHubRepositoryName.Parse(repository), token, apiUrl);
    }

    static Uri ParseApiUrl(string url)
    {
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var apiUrl) || apiUrl.Scheme is not ("https" or "http"))
            throw new InputException($"--github-url '{url}' is not an http(s) URL; pass the API base, e.g. https://github.example.com/api/v3/");
        if (apiUrl.Scheme == "http" && !Loopback.Is(apiUrl.Host))
            throw new InputException($"--github-url '{url}' would send the token in clear text; use https, e.g. https://github.example.com/api/v3/ (plain http only to this machine: localhost, 127.0.0.1, [::1])");
        return apiUrl;
    }
}
