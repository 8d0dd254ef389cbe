using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Docker.DotNet;

namespace CudaImages.Docker;

/// <summary>Turns what the client library throws into sentences a user can act on, and says which failures are worth a retry.</summary>
static class EngineFailures
{
    /// <summary>The engine could not be reached at all (nothing listening, no permission, connection dropped).</summary>
    public static bool IsTransport(Exception e) =>
        Chain(e).Any(x => x is HttpRequestException or SocketException or TimeoutException or AuthenticationException);

    /// <summary>Worth another try on an idempotent call: the engine is restarting, or answered 5xx.</summary>
    public static bool IsTransient(Exception e) =>
        e is not OperationCanceledException && !IsHandshake(e)
        && (e is DockerApiException { StatusCode: >= HttpStatusCode.InternalServerError }
            || (IsTransport(e) && Socket(e)?.SocketErrorCode != SocketError.AccessDenied)
            || (e is IOException && !IsTransport(e)));

    /// <summary>As <see cref="Unavailable(string, Exception)"/>, and a failed TLS handshake said as what to fix: the engine's certificate, or ours.</summary>
    public static EngineUnavailableException Unavailable(EngineAddress address, string? refusal, Exception e)
    {
        if (!IsHandshake(e))
            return Unavailable(address.Endpoint, e);
        var message = (address.Tls, refusal) switch
        {
            (_, { } why) => $"the Docker Engine at {address.Endpoint} {why}",
            ({ ClientCertificate: false } tls, _) =>
                $"the Docker Engine at {address.Endpoint} refused the TLS connection ({Innermost(e).Message.TrimEnd('.')}) — it wants a client certificate: put cert.pem and key.pem signed by its CA in {tls.CertificateDirectory} (DOCKER_CERT_PATH)",
            ({ } tls, _) =>
                $"the Docker Engine at {address.Endpoint} refused the TLS connection ({Innermost(e).Message.TrimEnd('.')}) — check that {tls.CertFile} is signed by the CA the engine trusts (dockerd --tlscacert)",
            (null, _) =>
                $"the Docker Engine at {address.Endpoint} failed the TLS handshake ({Innermost(e).Message.TrimEnd('.')}) — check DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH",
        };
        return new EngineUnavailableException(message, e);
    }

    /// <summary>The engine answered /version with an error; over plain HTTP to a TLS port, that error says to turn TLS on.</summary>
    public static EngineUnavailableException VersionRefused(EngineAddress address, DockerApiException e)
    {
        var said = EngineMessage(e);
        return new EngineUnavailableException(said.Contains("HTTP request to an HTTPS server", StringComparison.OrdinalIgnoreCase)
            ? $"the Docker Engine at {address.Endpoint} speaks TLS and this connection did not — set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with its ca.pem, cert.pem and key.pem"
            : $"the Docker Engine at {address.Endpoint} answered /version with an error: {said}", e);
    }

    public static EngineUnavailableException Unavailable(string endpoint, Exception e)
    {
        var socketPath = endpoint.StartsWith("unix://", StringComparison.Ordinal) ? new Uri(endpoint).LocalPath : null;
        var socket = Socket(e);
        var message = socket?.SocketErrorCode switch
        {
            SocketError.AccessDenied when socketPath is not null =>
                $"permission denied on {socketPath} — add your user to the docker group (`sudo usermod -aG docker $USER`, then log in again) or run as root",
            SocketError.AccessDenied =>
                $"permission denied connecting to the Docker Engine at {endpoint} — check DOCKER_HOST",
            SocketError.ConnectionRefused or SocketError.AddressNotAvailable or SocketError.HostNotFound
                or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain
                or SocketError.NoData or SocketError.TimedOut =>
                NoEngine(endpoint),
            null when Chain(e).Any(x => x is TimeoutException) =>
                $"the Docker Engine at {endpoint} did not answer in time — check that it runs (`docker version`) or set DOCKER_HOST",
            null when socketPath is not null && !File.Exists(socketPath) =>
                NoEngine(endpoint),
            _ =>
                $"the Docker Engine at {endpoint} dropped the connection ({Innermost(e).Message.TrimEnd('.')}) — check that it runs (`docker version`) and try again",
        };
        return new EngineUnavailableException(message, e);
    }

    /// <summary>The engine's own error text, without the JSON wrapper it comes in.</summary>
    public static string EngineMessage(DockerApiException e)
    {
        try
        {
            using var body = JsonDocument.Parse(e.ResponseBody ?? "");
            if (body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                return message.GetString()!.Trim();
        }
        catch (JsonException)
        {
        }
        return string.IsNullOrWhiteSpace(e.ResponseBody) ? $"HTTP {(int)e.StatusCode} {e.StatusCode}" : e.ResponseBody.Trim();
    }

    /// <summary>The registry could not be reached — the engine is offline, not refused.</summary>
    public static bool IsRegistryUnreachable(string engineMessage) =>
        UnreachableSymptoms.Any(symptom => engineMessage.Contains(symptom, StringComparison.OrdinalIgnoreCase));

    static readonly string[] UnreachableSymptoms =
    [
        "no such host", "connection refused", "i/o timeout", "network is unreachable", "no route to host",
        "server misbehaving", "temporary failure in name resolution", "tls handshake timeout",
        "client.timeout exceeded", "context deadline exceeded", "connection reset by peer", "dial tcp",
    ];

    static string NoEngine(string endpoint) =>
        $"no Docker Engine at {endpoint} — start dockerd (or `sudo systemctl start docker`) or set DOCKER_HOST";

    // A handshake fails the same way each time: a certificate does not change between tries.
    static bool IsHandshake(Exception e) => Chain(e).Any(x => x is AuthenticationException);

    static SocketException? Socket(Exception e) => Chain(e).OfType<SocketException>().FirstOrDefault();

    static Exception Innermost(Exception e) => Chain(e).Last();

    static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.Skip(1).SelectMany(Chain))
                    yield return inner;
        }
    }
}
