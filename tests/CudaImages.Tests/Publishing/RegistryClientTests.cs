using CudaImages.Docker;
using CudaImages.Publishing;

namespace CudaImages.Tests.Publishing;

/// <summary>Our registry client against the real registry (docker-registry), with the fault proxy in between where a test needs faults.</summary>
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class RegistryClientTests : IAsyncLifetime
{
    static readonly RegistryRetry Fast = new(5, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2));

    readonly string path = "cudaimages-test/client-" + Guid.NewGuid().ToString("n")[..8];
    readonly List<IAsyncDisposable> parts = [];
    readonly List<string> retries = [];
    LocalRegistry registry = null!;

    public async Task InitializeAsync() => registry = await Keep(await LocalRegistry.StartAsync());

    public async Task DisposeAsync()
    {
        foreach (var part in Enumerable.Reverse(parts)) await part.DisposeAsync();
    }

    async Task<T> Keep<T>(T part) where T : IAsyncDisposable
    {
        parts.Add(part);
        return await Task.FromResult(part);
    }

    RegistryClient Client(string host, RegistryCredential? credential = null) =>
        new(RegistryRepository.Parse($"{host}/{path}"), credential, Fast, retries.Add);

    [Fact]
    public async Task Real_registry_manifest_reads_back_with_its_digest_config_digest_and_compressed_size()
    {
        var seeded = await RegistrySeed.PushAsync(registry.Url, path, "1.0");
        using var client = Client(registry.Host);

        var manifest = (await client.GetManifestAsync("1.0", CancellationToken.None))!;

        manifest.Digest.ShouldBe(seeded.Digest);
        manifest.ConfigDigest.ShouldBe(seeded.ConfigDigest);
        manifest.CompressedBytes.ShouldBe(seeded.CompressedBytes);
        manifest.MediaType.ShouldBe(Manifest.DockerV2);
        (await client.GetManifestDigestAsync("1.0", CancellationToken.None)).ShouldBe(seeded.Digest);
    }

    [Fact]
    public async Task Real_registry_tag_that_does_not_exist_reads_as_none()
    {
        using var client = Client(registry.Host);

        (await client.GetManifestAsync("missing", CancellationToken.None)).ShouldBeNull();
        (await client.GetManifestDigestAsync("missing", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Real_registry_alias_put_as_the_same_bytes_names_the_same_digest()
    {
        var seeded = await RegistrySeed.PushAsync(registry.Url, path, "1.0.1");
        using var client = Client(registry.Host);
        var manifest = (await client.GetManifestAsync("1.0.1", CancellationToken.None))!;

        var stored = await client.PutManifestAsync("1.0", manifest, CancellationToken.None);

        stored.ShouldBe(seeded.Digest);
        (await client.GetManifestDigestAsync("1.0", CancellationToken.None)).ShouldBe(seeded.Digest);
    }

    [Fact]
    public async Task Proxy_503s_and_dropped_connections_are_retried_until_the_real_registry_answers()
    {
        var seeded = await RegistrySeed.PushAsync(registry.Url, path, "1.0");
        var proxy = await Keep(await FaultProxy.StartAsync(registry.Url));
        var faults = new Queue<ProxyFault>([new ProxyFault.Status(503), new ProxyFault.Drop(), new ProxyFault.Status(502), new ProxyFault.Drop()]);
        proxy.Fault = _ => faults.TryDequeue(out var fault) ? fault : null;
        using var client = Client(proxy.Host);

        var manifest = await client.GetManifestAsync("1.0", CancellationToken.None);

        manifest!.Digest.ShouldBe(seeded.Digest);
        proxy.Faults.Count.ShouldBe(4);
        proxy.Requests.Count.ShouldBe(5);
        retries.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_request_that_hangs_times_out_and_is_retried()
    {
        var seeded = await RegistrySeed.PushAsync(registry.Url, path, "1.0");
        var proxy = await Keep(await FaultProxy.StartAsync(registry.Url));
        proxy.FaultFirst(1, new ProxyFault.Hang());
        using var client = Client(proxy.Host);

        (await client.GetManifestDigestAsync("1.0", CancellationToken.None)).ShouldBe(seeded.Digest);

        proxy.Requests.Count.ShouldBe(2);
        retries.ShouldHaveSingleItem().ShouldContain($"registry {proxy.Host} could not be reached (no answer in time); retry 1 of 5");
    }

    [Fact]
    public async Task A_registry_that_keeps_answering_503_is_given_up_with_a_sentence_after_the_last_retry()
    {
        var proxy = await Keep(await FaultProxy.StartAsync(registry.Url));
        proxy.Fault = _ => new ProxyFault.Status(503);
        using var client = Client(proxy.Host);

        var error = await Should.ThrowAsync<RegistryException>(() => client.GetManifestAsync("1.0", CancellationToken.None));

        error.Message.ShouldBe($"registry {proxy.Host} answered GET /v2/{path}/manifests/1.0 with 503 Service Unavailable 6 times; try again later");
        proxy.Requests.Count.ShouldBe(6);
    }

    [Theory]
    [InlineData(403, "denied PUT /v2/{0}/manifests/1 (403 Forbidden)")]
    [InlineData(404, "answered PUT /v2/{0}/manifests/1 with 404 Not Found")]
    [InlineData(400, "refused PUT /v2/{0}/manifests/1 (400 Bad Request)")]
    public async Task A_permanent_answer_fails_at_once_without_retries(int status, string says)
    {
        var proxy = await Keep(await FaultProxy.StartAsync(registry.Url));
        proxy.Fault = request => request.Method == "PUT" ? new ProxyFault.Status(status) : null;
        var seeded = await RegistrySeed.PushAsync(registry.Url, path, "1.0");
        using var client = Client(proxy.Host);
        var manifest = (await client.GetManifestAsync("1.0", CancellationToken.None))!;

        var error = await Should.ThrowAsync<RegistryException>(() => client.PutManifestAsync("1", manifest, CancellationToken.None));

        error.Message.ShouldContain(string.Format(says, path));
        proxy.Requests.Count(r => r.Method == "PUT").ShouldBe(1);
        retries.ShouldBeEmpty();
        seeded.Digest.ShouldBe(manifest.Digest);
    }

    [Fact]
    public async Task Real_registry_without_the_blobs_of_a_manifest_fails_at_once_naming_the_unknown_blob()
    {
        var seeded = await RegistrySeed.PushAsync(registry.Url, path, "1.0");
        var proxy = await Keep(await FaultProxy.StartAsync(registry.Url));
        using var other = new RegistryClient(RegistryRepository.Parse($"{proxy.Host}/{path}-elsewhere"), null, Fast, retries.Add);
        var manifest = Manifest.Parse(seeded.Manifest, Manifest.DockerV2, null, "seed");

        var error = await Should.ThrowAsync<RegistryException>(() => other.PutManifestAsync("1.0", manifest, CancellationToken.None));

        error.Message.ShouldContain("does not have a blob");
        error.Message.ShouldContain("BLOB_UNKNOWN");
        proxy.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Real_registry_without_v2_is_not_a_registry_and_says_so_at_once()
    {
        var proxy = await Keep(await FaultProxy.StartAsync(registry.Url));
        proxy.Fault = _ => new ProxyFault.Status(404);
        using var client = Client(proxy.Host);

        var error = await Should.ThrowAsync<RegistryException>(() => client.CheckAccessAsync(CancellationToken.None));

        error.Message.ShouldContain($"{proxy.Host} is not an OCI registry");
        proxy.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Htpasswd_registry_lets_the_right_user_in_with_basic_authentication()
    {
        var secured = await Keep(await LocalRegistry.StartWithHtpasswdAsync("alice", "right-password"));
        var seeded = await RegistrySeed.PushAsync(secured.Url, path, "1.0", "alice:right-password");
        using var client = Client(secured.Host, new RegistryCredential("alice", "right-password", "test"));

        await client.CheckAccessAsync(CancellationToken.None);
        (await client.GetManifestDigestAsync("1.0", CancellationToken.None)).ShouldBe(seeded.Digest);
    }

    [Fact]
    public async Task Htpasswd_registry_refuses_a_wrong_password_at_once_and_the_message_names_the_user_not_the_password()
    {
        var secured = await Keep(await LocalRegistry.StartWithHtpasswdAsync("alice", "right-password"));
        var proxy = await Keep(await FaultProxy.StartAsync(secured.Url));
        using var client = Client(proxy.Host, new RegistryCredential("alice", "wrong-password-x9", "test"));

        var error = await Should.ThrowAsync<RegistryException>(() => client.CheckAccessAsync(CancellationToken.None));

        error.Message.ShouldBe($"registry {proxy.Host} refused the credentials of user 'alice' (test) (401 Unauthorized): check --registry-username/--registry-password or run docker login {proxy.Host}");
        error.ToString().ShouldNotContain("wrong-password-x9");
        proxy.Requests.Count.ShouldBe(2); // the challenge, then one try with the credentials
    }

    [Fact]
    public async Task Htpasswd_registry_without_credentials_says_how_to_give_them()
    {
        var secured = await Keep(await LocalRegistry.StartWithHtpasswdAsync("alice", "right-password"));
        using var client = Client(secured.Host);

        var error = await Should.ThrowAsync<RegistryException>(() => client.CheckAccessAsync(CancellationToken.None));

        error.Message.ShouldContain("asks for credentials (401 Unauthorized): pass --registry-username and --registry-password, or run docker login");
    }

    [Fact]
    public async Task Token_registry_is_entered_with_a_bearer_token_from_the_realm_it_names()
    {
        var tokens = await Keep(await TokenService.StartAsync("alice", "right-password"));
        var secured = await Keep(await LocalRegistry.StartWithTokenAuthAsync(tokens));
        using var client = Client(secured.Host, new RegistryCredential("alice", "right-password", "test"));

        await client.CheckAccessAsync(CancellationToken.None);
        (await client.GetManifestAsync("missing", CancellationToken.None)).ShouldBeNull();

        tokens.Requests.ShouldContain($"granted alice repository:{path}:pull,push");
    }

    [Fact]
    public async Task Token_registry_with_a_wrong_password_fails_at_the_token_service_at_once()
    {
        var tokens = await Keep(await TokenService.StartAsync("alice", "right-password"));
        var secured = await Keep(await LocalRegistry.StartWithTokenAuthAsync(tokens));
        using var client = Client(secured.Host, new RegistryCredential("alice", "wrong-password-x9", "test"));

        var error = await Should.ThrowAsync<RegistryException>(() => client.CheckAccessAsync(CancellationToken.None));

        error.Message.ShouldContain($"the token service of {secured.Host}");
        error.Message.ShouldContain("refused the credentials of user 'alice'");
        tokens.Requests.ShouldBe(["refused"]);
    }
}
