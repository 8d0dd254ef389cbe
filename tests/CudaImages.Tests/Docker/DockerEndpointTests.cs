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
        Should.Throw<EngineUnavailableException>(() => DockerEngine.Connect(Environment(("DOCKER_HOST", "ssh://me@build-host"))))
            .Message.ShouldContain("forward the remote socket");

    [Fact]
    public void Connect_contacts_nothing_and_names_the_endpoint()
    {
        using var engine = DockerEngine.Connect(Environment(("DOCKER_HOST", "tcp://127.0.0.1:1")));

        engine.Endpoint.ShouldBe("tcp://127.0.0.1:1");
        engine.ApiVersion.ShouldBeNull();
    }

    public void Dispose() => Directory.Delete(config, recursive: true);
}
