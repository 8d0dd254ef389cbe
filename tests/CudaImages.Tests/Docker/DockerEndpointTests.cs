using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

public sealed class DockerEndpointTests : IDisposable
{
    readonly string config = Directory.CreateTempSubdirectory("cudaimages-docker-config-").FullName;

    Dictionary<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var environment = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = config };
        foreach (var (name, value) in variables)
            environment[name] = value;
        return environment;
    }

    void Context(string name, string host) =>
        Write(Path.Combine("contexts", "meta", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))), "meta.json"),
            JsonSerializer.Serialize(new { Name = name, Metadata = new { }, Endpoints = new { docker = new { Host = host, SkipTLSVerify = false } } }));

    void Write(string relativePath, string text)
    {
        var path = Path.Combine(config, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public void Without_DOCKER_HOST_or_a_context_it_is_the_local_socket() =>
        DockerEndpoint.Resolve(Environment()).ShouldBe("unix:///var/run/docker.sock");

    [Fact]
    public void DOCKER_HOST_wins_over_the_current_context()
    {
        Write("config.json", """{"currentContext":"remote"}""");
        Context("remote", "tcp://build-host:2375");

        DockerEndpoint.Resolve(Environment(("DOCKER_HOST", "unix:///run/user/1000/docker.sock")))
            .ShouldBe("unix:///run/user/1000/docker.sock");
    }

    [Fact]
    public void The_current_context_of_the_cli_config_names_the_endpoint()
    {
        Write("config.json", """{"auths":{},"currentContext":"rootless"}""");
        Context("rootless", "unix:///run/user/1000/docker.sock");

        DockerEndpoint.Resolve(Environment()).ShouldBe("unix:///run/user/1000/docker.sock");
    }

    [Fact]
    public void DOCKER_CONTEXT_wins_over_the_config_files_current_context()
    {
        Write("config.json", """{"currentContext":"rootless"}""");
        Context("rootless", "unix:///run/user/1000/docker.sock");
        Context("remote", "tcp://build-host:2375");

        DockerEndpoint.Resolve(Environment(("DOCKER_CONTEXT", "remote"))).ShouldBe("tcp://build-host:2375");
    }

    [Fact]
    public void The_default_context_and_an_unknown_one_fall_back_to_the_local_socket()
    {
        DockerEndpoint.Resolve(Environment(("DOCKER_CONTEXT", "default"))).ShouldBe("unix:///var/run/docker.sock");
        DockerEndpoint.Resolve(Environment(("DOCKER_CONTEXT", "gone"))).ShouldBe("unix:///var/run/docker.sock");
    }

    [Fact]
    public void An_unreadable_cli_config_is_ignored()
    {
        Write("config.json", "{ not json");

        DockerEndpoint.Resolve(Environment()).ShouldBe("unix:///var/run/docker.sock");
    }

    [Fact]
    public void An_ssh_endpoint_is_refused_with_a_way_around_it() =>
        Should.Throw<InputException>(() => DockerEngine.Connect(Environment(("DOCKER_HOST", "ssh://me@build-host"))))
            .Message.ShouldContain("forward the remote socket");

    [Fact]
    public void Connect_contacts_nothing_and_names_the_endpoint()
    {
        using var engine = DockerEngine.Connect(Environment(("DOCKER_HOST", "tcp://127.0.0.1:1")));

        engine.Endpoint.ShouldBe("tcp://127.0.0.1:1");
        engine.ApiVersion.ShouldBeNull();
    }

    void Certificates(params string[] names)
    {
        foreach (var name in names)
            Write(name, "not read before a connection");
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_verifies_the_engine_against_ca_pem_and_presents_cert_pem_from_DOCKER_CERT_PATH()
    {
        var certificates = Directory.CreateDirectory(Path.Combine(config, "certs")).FullName;
        Certificates("certs/ca.pem", "certs/cert.pem", "certs/key.pem");

        var address = DockerEndpoint.Find(Environment(("DOCKER_HOST", "tcp://build-host:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", certificates)));

        address.Tls.ShouldBe(new EngineTls(VerifyEngine: true, certificates, ClientCertificate: true));
        address.Warning.ShouldBeNull();
        address.Description.ShouldBe($"tcp://build-host:2376, TLS, engine verified against {certificates}/ca.pem, client certificate {certificates}/cert.pem");
    }

    [Fact]
    public void Without_DOCKER_CERT_PATH_the_certificates_are_in_the_cli_folder()
    {
        Certificates("ca.pem", "cert.pem", "key.pem");

        DockerEndpoint.Find(Environment(("DOCKER_HOST", "tcp://build-host:2376"), ("DOCKER_TLS_VERIFY", "1")))
            .Tls.ShouldNotBeNull().CertificateDirectory.ShouldBe(config);
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_without_ca_pem_names_the_missing_file_and_the_variable() =>
        Should.Throw<InputException>(() => DockerEndpoint.Find(Environment(("DOCKER_HOST", "tcp://build-host:2376"), ("DOCKER_TLS_VERIFY", "1"))))
            .Message.ShouldBe($"DOCKER_TLS_VERIFY is set but {config}/ca.pem does not exist — put the engine's CA certificate there, " +
                              "or set DOCKER_CERT_PATH to the folder that holds ca.pem, cert.pem and key.pem");

    [Fact]
    public void A_client_certificate_without_its_key_is_refused()
    {
        Certificates("ca.pem", "cert.pem");

        Should.Throw<InputException>(() => DockerEndpoint.Find(Environment(("DOCKER_HOST", "tcp://build-host:2376"), ("DOCKER_TLS_VERIFY", "1"))))
            .Message.ShouldStartWith($"{config}/key.pem does not exist — a client certificate needs both cert.pem and key.pem");
    }

    [Theory]
    [InlineData("DOCKER_TLS_VERIFY", "0")]
    [InlineData("DOCKER_TLS_VERIFY", "false")]
    [InlineData("DOCKER_TLS", "no")]
    public void A_TLS_variable_set_to_off_is_refused_because_the_cli_would_read_it_as_on(string name, string value) =>
        Should.Throw<InputException>(() => DockerEndpoint.Find(Environment(("DOCKER_HOST", "tcp://build-host:2376"), (name, value))))
            .Message.ShouldBe($"{name}={value} turns TLS on for the docker CLI, which reads any value as set — unset {name} for plain TCP, or set {name}=1");

    [Fact]
    public void DOCKER_TLS_alone_encrypts_without_verifying_the_engine_and_warns_about_it()
    {
        Certificates("cert.pem", "key.pem");

        var address = DockerEndpoint.Find(Environment(("DOCKER_HOST", "tcp://build-host:2376"), ("DOCKER_TLS", "1")));

        address.Tls.ShouldBe(new EngineTls(VerifyEngine: false, config, ClientCertificate: true));
        address.Warning.ShouldNotBeNull().ShouldContain("the engine's certificate is not checked");
    }

    [Fact]
    public void Plain_tcp_to_another_machine_warns_that_it_is_unencrypted_and_unauthenticated()
    {
        var address = DockerEndpoint.Find(Environment(("DOCKER_HOST", "tcp://build-host:2375")));

        address.Tls.ShouldBeNull();
        address.Warning.ShouldBe("DOCKER_HOST=tcp://build-host:2375 is plain TCP: the connection is unencrypted and unauthenticated, and anyone who reaches " +
                                 "build-host:2375 controls that engine — protect the engine with TLS (port 2376 by convention) and set DOCKER_TLS_VERIFY=1 with its certificates in DOCKER_CERT_PATH");
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:2375")]
    [InlineData("tcp://localhost:2375")]
    [InlineData("tcp://[::1]:2375")]
    [InlineData("unix:///var/run/docker.sock")]
    public void Plain_connections_that_stay_on_this_machine_do_not_warn(string host) =>
        DockerEndpoint.Find(Environment(("DOCKER_HOST", host))).Warning.ShouldBeNull();

    [Fact]
    public void Certificates_without_DOCKER_TLS_VERIFY_are_not_used_as_with_the_cli_and_the_warning_says_so()
    {
        Certificates("ca.pem", "cert.pem", "key.pem");

        var address = DockerEndpoint.Find(Environment(("DOCKER_HOST", "tcp://build-host:2376")));

        address.Tls.ShouldBeNull();
        address.Warning.ShouldNotBeNull().ShouldEndWith($"; {config} holds certificates, which the docker CLI too uses only with DOCKER_TLS_VERIFY=1");
    }

    [Fact]
    public void The_environments_TLS_settings_do_not_apply_to_a_contexts_endpoint()
    {
        Write("config.json", """{"currentContext":"remote"}""");
        Context("remote", "tcp://127.0.0.1:2376");

        DockerEndpoint.Find(Environment(("DOCKER_TLS_VERIFY", "1"))).Tls.ShouldBeNull();
    }

    [Fact]
    public void A_tcp_endpoint_without_a_port_is_refused_with_the_conventional_ports() =>
        Should.Throw<InputException>(() => DockerEngine.Connect(Environment(("DOCKER_HOST", "tcp://build-host"))))
            .Message.ShouldBe("DOCKER_HOST=tcp://build-host names no port — write tcp://host:2376 for an engine behind TLS (the docker convention) or tcp://host:2375 for plain TCP");

    [Fact]
    public void An_unknown_scheme_is_refused_naming_DOCKER_HOST() =>
        Should.Throw<InputException>(() => DockerEngine.Connect(Environment(("DOCKER_HOST", "https://build-host:2376"))))
            .Message.ShouldBe("DOCKER_HOST=https://build-host:2376: the https:// scheme is not supported — use unix:///path/to/docker.sock or tcp://host:port");

    [Fact]
    public void A_certificate_file_that_is_not_PEM_is_refused_when_connecting()
    {
        Certificates("ca.pem", "cert.pem", "key.pem");

        Should.Throw<InputException>(() => DockerEngine.Connect(Environment(("DOCKER_HOST", "tcp://build-host:2376"), ("DOCKER_TLS_VERIFY", "1"))))
            .Message.ShouldStartWith($"{config}/ca.pem cannot be read as a PEM certificate");
    }

    public void Dispose() => Directory.Delete(config, recursive: true);
}
