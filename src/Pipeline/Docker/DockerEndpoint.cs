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

    /// <summary>The endpoint as a URI the client accepts, or a sentence saying why it cannot be used.</summary>
    public static Uri Parse(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            throw new EngineUnavailableException(
                $"DOCKER_HOST={endpoint} is not a URI — use unix:///path/to/docker.sock or tcp://host:port");

        return uri.Scheme switch
        {
            "unix" or "tcp" or "http" => uri,
            "ssh" => throw new EngineUnavailableException(
                $"{endpoint}: ssh:// engines are not supported — forward the remote socket (`ssh -NL /tmp/docker.sock:/var/run/docker.sock host`) and set DOCKER_HOST=unix:///tmp/docker.sock"),
            _ => throw new EngineUnavailableException(
                $"{endpoint}: the {uri.Scheme}:// scheme is not supported — use unix:///path/to/docker.sock or tcp://host:port"),
        };
    }

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
