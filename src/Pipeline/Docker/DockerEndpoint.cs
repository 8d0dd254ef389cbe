using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CudaImages.Docker;

/// <summary>Finds the engine the way the docker CLI does: DOCKER_HOST, then the current docker context, then the local socket.</summary>
static class DockerEndpoint
{
    public const string LocalSocket = "unix:///var/run/docker.sock";

    public static string Resolve(IReadOnlyDictionary<string, string?> environment)
    {
        var host = Value(environment, "DOCKER_HOST");
        if (host is not null)
            return host;

        var configDirectory = ConfigDirectory(environment);
        var context = Value(environment, "DOCKER_CONTEXT") ?? CurrentContext(configDirectory);
        return context is null or "default" ? LocalSocket : ContextHost(configDirectory, context) ?? LocalSocket;
    }

    /// <summary>
    /// The engine the docker CLI would use, and how to reach it: with DOCKER_HOST, the CLI's TLS settings (DOCKER_TLS_VERIFY,
    /// DOCKER_TLS, DOCKER_CERT_PATH) apply to a tcp:// endpoint; plain TCP to another machine comes with a warning.
    /// </summary>
    /// <exception cref="InputException">DOCKER_HOST or a TLS setting is malformed, or a certificate file is missing.</exception>
    public static EngineAddress Find(IReadOnlyDictionary<string, string?> environment)
    {
        var endpoint = Resolve(environment);
        var uri = Parse(endpoint);
        // A docker context carries its own TLS material; the environment's applies to DOCKER_HOST, as in the CLI.
        var tls = uri.Scheme == "tcp" && Value(environment, "DOCKER_HOST") is not null ? Tls(environment) : null;
        return new EngineAddress(endpoint, uri, tls, Warning(endpoint, uri, tls, CertificateDirectory(environment)));
    }

    /// <summary>The endpoint as a URI the client accepts, or a sentence saying why it cannot be used.</summary>
    /// <exception cref="InputException">The endpoint is malformed, has no port, or uses a scheme we cannot speak (ssh://).</exception>
    public static Uri Parse(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            throw new InputException(
                $"DOCKER_HOST={endpoint} is not a URI — use unix:///path/to/docker.sock or tcp://host:port");

        return uri.Scheme switch
        {
            "tcp" or "http" when uri.Port <= 0 => throw new InputException(
                $"DOCKER_HOST={endpoint} names no port — write tcp://host:2376 for an engine behind TLS (the docker convention) or tcp://host:2375 for plain TCP"),
            "unix" or "tcp" or "http" => uri,
            "ssh" => throw new InputException(
                $"DOCKER_HOST={endpoint}: ssh:// engines are not supported — forward the remote socket (`ssh -NL /tmp/docker.sock:/var/run/docker.sock host`) and set DOCKER_HOST=unix:///tmp/docker.sock"),
            _ => throw new InputException(
                $"DOCKER_HOST={endpoint}: the {uri.Scheme}:// scheme is not supported — use unix:///path/to/docker.sock or tcp://host:port"),
        };
    }

    // The CLI turns TLS on for any non-empty value, "0" included: such a value is refused rather than read either way.
    static readonly string[] Off = ["0", "false", "no", "off"];

    static EngineTls? Tls(IReadOnlyDictionary<string, string?> environment)
    {
        var verify = Value(environment, "DOCKER_TLS_VERIFY");
        var encrypt = Value(environment, "DOCKER_TLS");
        foreach (var (name, value) in new[] { ("DOCKER_TLS_VERIFY", verify), ("DOCKER_TLS", encrypt) })
            if (value is not null && Off.Contains(value, StringComparer.OrdinalIgnoreCase))
                throw new InputException(
                    $"{name}={value} turns TLS on for the docker CLI, which reads any value as set — unset {name} for plain TCP, or set {name}=1");
        if (verify is null && encrypt is null)
            return null;

        var directory = CertificateDirectory(environment);
        var tls = new EngineTls(verify is not null, directory, File.Exists(Path.Combine(directory, "cert.pem")));
        if (tls.VerifyEngine && !File.Exists(tls.CaFile))
            throw new InputException(
                $"DOCKER_TLS_VERIFY is set but {tls.CaFile} does not exist — put the engine's CA certificate there, or set DOCKER_CERT_PATH to the folder that holds ca.pem, cert.pem and key.pem");
        if (File.Exists(tls.CertFile) != File.Exists(tls.KeyFile))
            throw new InputException(
                $"{(File.Exists(tls.CertFile) ? tls.KeyFile : tls.CertFile)} does not exist — a client certificate needs both cert.pem and key.pem in DOCKER_CERT_PATH ({directory})");
        return tls;
    }

    static string? Warning(string endpoint, Uri uri, EngineTls? tls, string certificateDirectory)
    {
        if (uri.Scheme == "unix" || Loopback.Is(uri.Host))
            return null;
        if (tls is { VerifyEngine: false })
            return $"DOCKER_HOST={endpoint} is encrypted but the engine's certificate is not checked (DOCKER_TLS without DOCKER_TLS_VERIFY): anyone between here and {uri.Host} can pose as the engine — set DOCKER_TLS_VERIFY=1 with the engine's ca.pem in DOCKER_CERT_PATH";
        if (tls is not null)
            return null;
        var unused = File.Exists(Path.Combine(certificateDirectory, "ca.pem"))
            ? $"; {certificateDirectory} holds certificates, which the docker CLI too uses only with DOCKER_TLS_VERIFY=1"
            : "";
        return $"DOCKER_HOST={endpoint} is plain TCP: the connection is unencrypted and unauthenticated, and anyone who reaches {uri.Host}:{uri.Port} controls that engine — " +
               $"protect the engine with TLS (port 2376 by convention) and set DOCKER_TLS_VERIFY=1 with its certificates in DOCKER_CERT_PATH{unused}";
    }

    /// <summary>The docker CLI's certificate folder: DOCKER_CERT_PATH, else its configuration folder.</summary>
    static string CertificateDirectory(IReadOnlyDictionary<string, string?> environment) =>
        Value(environment, "DOCKER_CERT_PATH") ?? ConfigDirectory(environment);

    static string? Value(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The docker CLI's configuration folder: DOCKER_CONFIG, else ~/.docker.</summary>
    public static string ConfigDirectory(IReadOnlyDictionary<string, string?> environment) =>
        Value(environment, "DOCKER_CONFIG")
        ?? Path.Combine(Value(environment, "HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");

    static string? CurrentContext(string configDirectory) =>
        ReadJson(Path.Combine(configDirectory, "config.json")) is { } config
        && config.TryGetProperty("currentContext", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;

    // The CLI stores a context's metadata under the SHA-256 of its name.
    static string? ContextHost(string configDirectory, string context)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context)));
        return ReadJson(Path.Combine(configDirectory, "contexts", "meta", id, "meta.json")) is { } meta
               && meta.TryGetProperty("Endpoints", out var endpoints) && endpoints.ValueKind == JsonValueKind.Object
               && endpoints.TryGetProperty("docker", out var docker) && docker.ValueKind == JsonValueKind.Object
               && docker.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.String
            ? host.GetString()
            : null;
    }

    // Best effort, like the CLI's fallback: an unreadable config means "use the default".
    static JsonElement? ReadJson(string path)
    {
        try
        {
            if (!File.Exists(path))
                return null;
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>Where the engine is (as the user wrote it), how the connection is protected, and what the user should hear about it.</summary>
public sealed record EngineAddress(string Endpoint, Uri Uri, EngineTls? Tls, string? Warning)
{
    /// <summary>The endpoint and its protection in words: "tcp://build-host:2376, TLS, engine verified against ...".</summary>
    public string Description => Endpoint + ", " + (Tls?.Description ?? Uri.Scheme switch
    {
        "unix" => "local socket",
        _ when Warning is null => "plain TCP on this machine",
        _ => "plain TCP: unencrypted and unauthenticated",
    });
}
