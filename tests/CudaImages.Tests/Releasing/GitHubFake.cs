using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CudaImages.Tests.Releasing;

/// <summary>
/// A local HTTP fake of the GitHub REST API (the real one cannot be reached here), answering as GitHub Enterprise
/// does under /api/v3/ — where Octokit sends everything for a base URL that is not github.com — and recording every
/// request so tests assert exactly what Octokit sent.
/// </summary>
public sealed class GitHubFake : IDisposable
{
    public const string Owner = "acme";
    public const string Repo = "cuda-images";
    public const string Token = "ghs_fake0123456789";

    readonly WireMockServer server = WireMockServer.Start();

    public Uri ApiUrl => new(server.Url! + "/");

    public string Api(string path) => $"/api/v3/repos/{Owner}/{Repo}{path}";

    public string UploadPath(long releaseId) => $"/uploads/repos/{Owner}/{Repo}/releases/{releaseId}/assets";

    /// <summary>What Octokit sent, in order: method, path, query, headers and body.</summary>
    public IReadOnlyList<WireMock.IRequestMessage> Requests =>
        server.LogEntries.Select(e => e.RequestMessage).OrderBy(r => r.DateTime).ToList();

    public List<string> RequestLines => Requests.Select(r => $"{r.Method} {r.Path}{r.RawQuery}").ToList();

    public GitHubFake Repository(int status = 200, string? scenario = null, string? whenState = null, string? thenState = null) =>
        Answer("GET", Api(""), status, status == 200 ? new JsonObject { ["id"] = 1, ["name"] = Repo, ["full_name"] = $"{Owner}/{Repo}" } : Error(status),
            scenario, whenState, thenState);

    public GitHubFake ReleaseByTag(string tag, JsonObject? release, string? scenario = null, string? whenState = null) =>
        Answer("GET", Api($"/releases/tags/{tag}"), release is null ? 404 : 200, release ?? Error(404), scenario, whenState);

    public GitHubFake CreateRelease(JsonObject created, string? scenario = null, string? thenState = null) =>
        Answer("POST", Api("/releases"), 201, created, scenario, null, thenState);

    public GitHubFake EditRelease(long id, JsonObject edited) => Answer("PATCH", Api($"/releases/{id}"), 200, edited);

    public GitHubFake DeleteAsset(long assetId) => Answer("DELETE", Api($"/releases/assets/{assetId}"), 204, null);

    public GitHubFake Uploads(long releaseId)
    {
        server.Given(Request.Create().WithPath(UploadPath(releaseId)).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody(new JsonObject { ["id"] = 900, ["name"] = "uploaded", ["state"] = "uploaded" }.ToJsonString()));
        return this;
    }

    public GitHubFake ListReleases(JsonArray releases) => Answer("GET", Api("/releases"), 200, releases);

    public GitHubFake AssetDownload(long assetId, string content)
    {
        server.Given(Request.Create().WithPath(Api($"/releases/assets/{assetId}")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/octet-stream").WithBody(content));
        return this;
    }

    /// <summary>Any <paramref name="method"/> request to the repository's <paramref name="path"/> answers <paramref name="body"/> with <paramref name="status"/>.</summary>
    public GitHubFake On(string method, string path, int status, JsonNode? body) => Answer(method, Api(path), status, body ?? (status >= 400 ? Error(status) : null));

    /// <summary>Any request to the path answers with this status and headers, e.g. 502 or a rate limit.</summary>
    public GitHubFake Fail(string method, string path, int status, IDictionary<string, string>? headers = null, string? message = null,
        string? scenario = null, string? whenState = null, string? thenState = null) =>
        Answer(method, path, status, Error(status, message), scenario, whenState, thenState, headers);

    public JsonObject Release(long id, string tag, params (long Id, string Name)[] assets) => new()
    {
        ["id"] = id,
        ["tag_name"] = tag,
        ["name"] = tag,
        ["body"] = "old notes",
        ["draft"] = false,
        ["prerelease"] = false,
        ["created_at"] = "2026-10-29T04:17:00Z",
        ["url"] = $"{server.Url}{Api($"/releases/{id}")}",
        ["html_url"] = $"https://github.example/{Owner}/{Repo}/releases/tag/{tag}",
        ["upload_url"] = $"{server.Url}{UploadPath(id)}{{?name,label}}",
        ["assets"] = new JsonArray(assets.Select(a => (JsonNode)new JsonObject { ["id"] = a.Id, ["name"] = a.Name, ["state"] = "uploaded" }).ToArray()),
    };

    GitHubFake Answer(string method, string path, int status, JsonNode? body, string? scenario = null, string? whenState = null,
        string? thenState = null, IDictionary<string, string>? headers = null)
    {
        var request = Request.Create().WithPath(path).UsingMethod(method);
        var given = server.Given(request);
        if (scenario is not null)
        {
            given = given.InScenario(scenario);
            if (whenState is not null) given = given.WhenStateIs(whenState);
            if (thenState is not null) given = given.WillSetStateTo(thenState);
        }
        var response = Response.Create().WithStatusCode(status);
        if (body is not null) response = response.WithHeader("Content-Type", "application/json").WithBody(body.ToJsonString());
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            response = response.WithHeader(name, value);
        given.RespondWith(response);
        return this;
    }

    static JsonObject Error(int status, string? message = null) => new()
    {
        ["message"] = message ?? (status switch { 401 => "Bad credentials", 404 => "Not Found", _ => "Server Error" }),
        ["documentation_url"] = "https://docs.github.com/rest",
    };

    public static JsonElement Json(WireMock.IRequestMessage request) => JsonDocument.Parse(request.Body ?? "{}").RootElement;

    public void Dispose() => server.Stop();
}
