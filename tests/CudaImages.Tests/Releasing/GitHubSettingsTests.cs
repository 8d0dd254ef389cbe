using CudaImages.Releasing;

namespace CudaImages.Tests.Releasing;

public class GitHubSettingsTests
{
    static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    static GitHubSettings? Resolve(string? url, IReadOnlyDictionary<string, string?>? environment = null) =>
        GitHubSettings.Resolve("acme/cuda", "token", url, required: true, environment ?? NoEnvironment);

    [Fact]
    public void Without_parameters_the_settings_come_from_the_github_actions_environment() =>
        GitHubSettings.Resolve(null, "token", null, required: true, new Dictionary<string, string?>
        {
            ["GITHUB_REPOSITORY"] = "acme/cuda",
            ["GITHUB_API_URL"] = "https://github.example.com/api/v3",
        }).ShouldBe(new GitHubSettings(new GitHubRepositoryName("acme", "cuda"), "token", new Uri("https://github.example.com/api/v3/")));

    [Fact]
    public void Parameters_win_over_the_environment() =>
        GitHubSettings.Resolve("acme/images", "token", "https://ghe.acme.test/api/v3/", required: true, new Dictionary<string, string?>
        {
            ["GITHUB_REPOSITORY"] = "other/repo",
            ["GITHUB_API_URL"] = "https://github.example.com/api/v3/",
        }).ShouldBe(new GitHubSettings(new GitHubRepositoryName("acme", "images"), "token", new Uri("https://ghe.acme.test/api/v3/")));

    [Fact]
    public void Without_any_url_the_api_is_github_com() =>
        Resolve(url: null)!.ApiUrl.ShouldBe(GitHubReleases.DefaultApiUrl);

    [Fact]
    public void Without_a_token_and_not_required_there_are_no_settings() =>
        GitHubSettings.Resolve("acme/cuda", null, null, required: false, NoEnvironment).ShouldBeNull();

    [Fact]
    public void Publishing_a_release_without_a_token_says_where_the_token_comes_from() =>
        Should.Throw<InputException>(() => GitHubSettings.Resolve("acme/cuda", null, null, required: true, NoEnvironment))
            .Message.ShouldBe("--publish-release needs a GitHub token; set GITHUB_TOKEN (on Actions: secrets.GITHUB_TOKEN with permissions: contents: write)");

    [Fact]
    public void Publishing_a_release_without_a_repository_names_the_parameter() =>
        Should.Throw<InputException>(() => GitHubSettings.Resolve(null, "token", null, required: true, NoEnvironment))
            .Message.ShouldBe("--publish-release needs the repository; pass --github-repository owner/name or set GITHUB_REPOSITORY");

    [Fact]
    public void Url_that_is_not_http_is_refused_naming_the_parameter() =>
        Should.Throw<InputException>(() => Resolve("ftp://github.example.com/"))
            .Message.ShouldBe("--github-url 'ftp://github.example.com/' is not an http(s) URL; pass the API base, e.g. https://github.example.com/api/v3/");

    [Theory]
    [InlineData("http://github.example.com/api/v3/")]
    [InlineData("http://10.0.0.5:8080/")]
    public void Plain_http_to_another_machine_is_refused_because_the_token_would_go_in_clear(string url) =>
        Should.Throw<InputException>(() => Resolve(url)).Message.ShouldBe(
            $"--github-url '{url}' would send the token in clear text; use https, e.g. https://github.example.com/api/v3/ (plain http only to this machine: localhost, 127.0.0.1, [::1])");

    [Fact]
    public void Plain_http_from_github_api_url_to_another_machine_is_refused_too() =>
        Should.Throw<InputException>(() => Resolve(null, new Dictionary<string, string?> { ["GITHUB_API_URL"] = "http://github.example.com/api/v3" }))
            .Message.ShouldStartWith("--github-url 'http://github.example.com/api/v3' would send the token in clear text");

    [Theory]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/")]
    [InlineData("http://127.1.2.3/api", "http://127.1.2.3/api/")]
    [InlineData("http://localhost:9000", "http://localhost:9000/")]
    [InlineData("http://[::1]:9000/", "http://[::1]:9000/")]
    public void Plain_http_to_this_machine_is_allowed(string url, string expected) =>
        Resolve(url)!.ApiUrl.ShouldBe(new Uri(expected));
}
