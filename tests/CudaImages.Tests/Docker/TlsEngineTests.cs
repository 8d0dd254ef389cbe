using System.Text;
using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

/// <summary>
/// A real dockerd of the test's own behind TLS with client certificates (<see cref="TlsEngineFixture"/>), reached as the
/// docker CLI reaches it: DOCKER_HOST=tcp://127.0.0.1:port, DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH.
/// </summary>
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class TlsEngineTests(TlsEngineFixture tlsEngine) : IClassFixture<TlsEngineFixture>
{
    readonly string marker = Guid.NewGuid().ToString("N");

    static CancellationToken Cancel() => new CancellationTokenSource(Wait.HangGuard).Token;

    DockerEngine Connect(string? certificates) => DockerEngine.Connect(tlsEngine.Environment(certificates));

    [Fact]
    public async Task Real_engine_behind_TLS_answers_with_its_version_over_a_verified_connection()
    {
        using var engine = Connect(tlsEngine.Client);

        var info = await engine.InfoAsync(Cancel());

        info.Version.ShouldNotBeNullOrWhiteSpace();
        info.StorageDriver.ShouldBe("vfs");
        info.Connection.ShouldBe($"{tlsEngine.Host}, TLS, engine verified against {tlsEngine.Client}/ca.pem, client certificate {tlsEngine.Client}/cert.pem");
        engine.Address.Warning.ShouldBeNull();
    }

    [Fact]
    public async Task Real_engine_behind_TLS_builds_saves_and_pushes_over_the_same_connection()
    {
        using var engine = Connect(tlsEngine.Client);
        var reference = $"localhost:5000/h-tls/tls-engine:{marker}";
        var context = TestTar.Of(("Dockerfile", "FROM scratch\nCOPY hello.txt /\n"), ("hello.txt", $"hello over TLS {marker}"));

        var id = await engine.BuildImageAsync(context, new Dictionary<string, string>(), new Dictionary<string, string>(), noCache: false, network: null,
            TextWriter.Null, _ => { }, Cancel());
        await engine.TagImageAsync(id, reference, Cancel());
        await using (var saved = await engine.SaveImagesAsync([reference], Cancel()))
        {
            var bytes = new MemoryStream();
            await saved.CopyToAsync(bytes, Cancel());
            Encoding.UTF8.GetString(bytes.ToArray()).ShouldContain($"hello over TLS {marker}");
        }
        var pushed = await engine.PushImageAsync(reference, "localhost:5000", null, Cancel());

        pushed.Digest.ShouldStartWith("sha256:");
    }

    [Fact]
    public async Task Real_engine_behind_TLS_imports_an_image_and_runs_a_container_from_it()
    {
        using var engine = Connect(tlsEngine.Client);
        var reference = $"cudaimages-test/tls-shell:{marker}";
        await engine.ImportImageAsync(await TlsEngineFixture.ShellRootfsAsync(), reference, [], Cancel());

        var run = await engine.RunContainerAsync(new ContainerRunRequest(reference, ["/bin/sh", "-c", $"echo {marker}"]), Cancel());

        run.ExitCode.ShouldBe(0);
        run.Output.Trim().ShouldBe(marker);
    }

    [Fact]
    public void Real_engine_behind_TLS_leaves_the_machines_docker0_as_it_was()
    {
        // A dockerd with no bridge deletes the docker0 of its network namespace: it must not be the machine's.
        TlsEngineFixture.HostBridge().ShouldBe(tlsEngine.HostBridgeBefore);
    }

    [Fact]
    public async Task Real_engine_behind_TLS_is_refused_when_ca_pem_did_not_sign_its_certificate()
    {
        using var engine = Connect(tlsEngine.WrongCa);

        var error = await Should.ThrowAsync<EngineUnavailableException>(() => engine.InfoAsync(Cancel()));

        error.Message.ShouldStartWith($"the Docker Engine at {tlsEngine.Host} presented a certificate that {tlsEngine.WrongCa}/ca.pem did not sign");
        error.Message.ShouldEndWith("point DOCKER_CERT_PATH at the folder with this engine's ca.pem");
    }

    [Fact]
    public async Task Real_engine_behind_TLS_is_refused_when_its_certificate_names_another_host()
    {
        // The engine's certificate is for IP:127.0.0.1 only; "localhost" reaches the same engine under another name.
        var host = $"tcp://localhost:{tlsEngine.Port}";
        using var engine = DockerEngine.Connect(tlsEngine.Environment(tlsEngine.Client, ("DOCKER_HOST", host)));

        var error = await Should.ThrowAsync<EngineUnavailableException>(() => engine.InfoAsync(Cancel()));

        error.Message.ShouldBe($"the Docker Engine at {host} presented a certificate for another name (CN=127.0.0.1) — its certificate must name the host in DOCKER_HOST (subjectAltName)");
    }

    [Fact]
    public async Task Real_engine_behind_TLS_refuses_a_client_certificate_another_CA_signed_in_one_sentence()
    {
        using var engine = Connect(tlsEngine.StrangerClient);

        var error = await Should.ThrowAsync<EngineUnavailableException>(() => engine.InfoAsync(Cancel()));

        error.Message.ShouldStartWith($"the Docker Engine at {tlsEngine.Host} refused the TLS connection");
        error.Message.ShouldEndWith($"check that {tlsEngine.StrangerClient}/cert.pem is signed by the CA the engine trusts (dockerd --tlscacert)");
    }

    [Fact]
    public async Task Real_engine_behind_TLS_refuses_a_client_without_a_certificate_in_one_sentence()
    {
        using var engine = Connect(tlsEngine.Anonymous);

        var error = await Should.ThrowAsync<EngineUnavailableException>(() => engine.InfoAsync(Cancel()));

        error.Message.ShouldStartWith($"the Docker Engine at {tlsEngine.Host} refused the TLS connection");
        error.Message.ShouldEndWith($"it wants a client certificate: put cert.pem and key.pem signed by its CA in {tlsEngine.Anonymous} (DOCKER_CERT_PATH)");
    }

    [Fact]
    public async Task Real_engine_behind_TLS_reached_over_plain_TCP_says_to_turn_TLS_on()
    {
        using var engine = Connect(certificates: null);

        var error = await Should.ThrowAsync<EngineUnavailableException>(() => engine.InfoAsync(Cancel()));

        error.Message.ShouldBe($"the Docker Engine at {tlsEngine.Host} speaks TLS and this connection did not — " +
                               "set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with its ca.pem, cert.pem and key.pem");
    }
}
