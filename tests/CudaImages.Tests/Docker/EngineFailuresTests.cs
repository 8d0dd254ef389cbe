using System.Net;
using System.Net.Sockets;
using CudaImages.Docker;
using Docker.DotNet;

namespace CudaImages.Tests.Docker;

public class EngineFailuresTests
{
    static HttpRequestException ConnectFailed(SocketError error) => new("Connection failed.", new SocketException((int)error));

    [Fact]
    public void Permission_denied_on_the_socket_says_how_to_join_the_docker_group() =>
        EngineFailures.Unavailable("unix:///var/run/docker.sock", ConnectFailed(SocketError.AccessDenied)).Message.ShouldBe(
            "permission denied on /var/run/docker.sock — add your user to the docker group (`sudo usermod -aG docker $USER`, then log in again) or run as root");

    [Theory]
    [InlineData(SocketError.ConnectionRefused)]
    [InlineData(SocketError.AddressNotAvailable)] // what .NET reports for a socket file that does not exist
    public void Nothing_listening_says_to_start_dockerd(SocketError error) =>
        EngineFailures.Unavailable("unix:///var/run/docker.sock", ConnectFailed(error)).Message.ShouldBe(
            "no Docker Engine at unix:///var/run/docker.sock — start dockerd (or `sudo systemctl start docker`) or set DOCKER_HOST");

    [Fact]
    public void A_refused_tcp_endpoint_is_named_as_given() =>
        EngineFailures.Unavailable("tcp://build-host:2375", new AggregateException(new SocketException((int)SocketError.ConnectionRefused)))
            .Message.ShouldStartWith("no Docker Engine at tcp://build-host:2375 — ");

    [Fact]
    public void Restarts_and_server_errors_are_worth_a_retry_but_permission_and_refusals_are_not()
    {
        EngineFailures.IsTransient(ConnectFailed(SocketError.ConnectionReset)).ShouldBeTrue();
        EngineFailures.IsTransient(ConnectFailed(SocketError.ConnectionRefused)).ShouldBeTrue();
        EngineFailures.IsTransient(new DockerApiException(HttpStatusCode.ServiceUnavailable, "{}")).ShouldBeTrue();
        EngineFailures.IsTransient(ConnectFailed(SocketError.AccessDenied)).ShouldBeFalse();
        EngineFailures.IsTransient(new DockerApiException(HttpStatusCode.NotFound, "{}")).ShouldBeFalse();
        EngineFailures.IsTransient(new OperationCanceledException()).ShouldBeFalse();
    }

    [Fact]
    public void The_engines_message_is_taken_out_of_its_json() =>
        EngineFailures.EngineMessage(new DockerApiException(HttpStatusCode.NotFound, """{"message":"No such image: x:y"}""" + "\n"))
            .ShouldBe("No such image: x:y");

    [Theory]
    [InlineData("""Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host""")]
    [InlineData("""Get "http://localhost:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused""")]
    [InlineData("""Get "https://ghcr.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)""")]
    public void An_unreachable_registry_is_offline_not_an_error(string daemonMessage) =>
        EngineFailures.IsRegistryUnreachable(daemonMessage).ShouldBeTrue();

    [Theory]
    [InlineData("pull access denied for private/cuda, repository does not exist or may require 'docker login': denied: requested access to the resource is denied")]
    [InlineData("manifest for nvidia/cuda:99.9 not found: manifest unknown: manifest unknown")]
    [InlineData("unauthorized: authentication required")]
    public void A_registry_that_answers_no_is_an_error(string daemonMessage) =>
        EngineFailures.IsRegistryUnreachable(daemonMessage).ShouldBeFalse();
}
