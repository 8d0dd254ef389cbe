using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CudaImages.Docker;

namespace CudaImages.Publishing;

/// <summary>
/// Finds the login for a registry the way the docker CLI does: --registry-username/--registry-password first, else the docker
/// config ($DOCKER_CONFIG/config.json or ~/.docker/config.json): a credential helper (credHelpers, then credsStore) when its
/// docker-credential-&lt;name&gt; program is present, else the base64 user:password under auths.
/// </summary>
public static class RegistryCredentials
{
    /// <exception cref="InputException">Only one of username and password was given, or the docker config cannot be read.</exception>
    public static RegistryCredential? Resolve(RegistryRepository registry, string? username, string? password,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!string.IsNullOrEmpty(username) || !string.IsNullOrEmpty(password))
        {
            if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
                throw new InputException("--registry-username and --registry-password go together: pass both, or neither to use the docker config (docker login)");
            return new RegistryCredential(username, password, "--registry-username");
        }
        return FromDockerConfig(registry, environment ?? DockerEngine.ProcessEnvironment());
    }

    public static string ConfigFile(IReadOnlyDictionary<string, string?> environment) =>
        Path.Combine(DockerEndpoint.ConfigDirectory(environment), "config.json");

    static RegistryCredential? FromDockerConfig(RegistryRepository registry, IReadOnlyDictionary<string, string?> environment)
    {
        var file = ConfigFile(environment);
        if (!File.Exists(file)) return null;
        JsonElement config;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            config = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InputException($"{file} is not valid JSON ({e.Message}); fix it or pass --registry-username and --registry-password");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{file} cannot be read ({e.Message}); fix its permissions or pass --registry-username and --registry-password");
        }
        if (config.ValueKind != JsonValueKind.Object) return null;

        var helper = Lookup(config, "credHelpers", registry) is { ValueKind: JsonValueKind.String } h ? h.GetString()
            : config.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String ? store.GetString()
            : null;
        if (helper is { Length: > 0 } && Programs.Find("docker-credential-" + helper, environment.GetValueOrDefault("PATH") ?? "") is { } program
            && FromHelper(program, helper, registry.CredentialKey, file) is { } fromHelper)
            return fromHelper;

        if (Lookup(config, "auths", registry) is { ValueKind: JsonValueKind.Object } entry
            && entry.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                throw new InputException($"{file}: auths.{registry.CredentialKey}.auth is not base64 of user:password; run docker login {registry.Host} again");
            }
            var colon = decoded.IndexOf(':');
            if (colon <= 0)
                throw new InputException($"{file}: auths.{registry.CredentialKey}.auth is not base64 of user:password; run docker login {registry.Host} again");
            return new RegistryCredential(decoded[..colon], decoded[(colon + 1)..], file);
        }
        return null;
    }

    /// <summary>The entry for this registry under a section, whatever form docker login gave its key (host, https://host, https://host/v1/).</summary>
    static JsonElement? Lookup(JsonElement config, string section, RegistryRepository registry)
    {
        if (!config.TryGetProperty(section, out var entries) || entries.ValueKind != JsonValueKind.Object) return null;
        var wanted = HostOf(registry.CredentialKey);
        foreach (var entry in entries.EnumerateObject())
            if (string.Equals(HostOf(entry.Name), wanted, StringComparison.OrdinalIgnoreCase))
                return entry.Value;
        return null;
    }

    static string HostOf(string key)
    {
        var host = key.Contains("://") ? key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..] : key;
        return host.Split('/')[0];
    }

    /// <summary>docker-credential-&lt;helper&gt; get: the server address on stdin, {"Username","Secret"} on stdout; exit 1 when it has none.</summary>
    static RegistryCredential? FromHelper(string program, string helper, string serverAddress, string configFile)
    {
        var start = new ProcessStartInfo(program, ["get"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            process.StandardInput.Write(serverAddress);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The helper answered without reading which server we asked for; its exit code and output still count.
        }
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new InputException($"docker-credential-{helper} (named in {configFile}) did not answer within 30 s; unlock it or pass --registry-username and --registry-password");
        }
        if (process.ExitCode != 0) return null; // "credentials not found": fall back to auths, as the CLI would have nothing either
        try
        {
            using var answer = JsonDocument.Parse(output.Result);
            var root = answer.RootElement;
            return root.TryGetProperty("Username", out var user) && root.TryGetProperty("Secret", out var secret)
                   && user.GetString() is { Length: > 0 } u && secret.GetString() is { Length: > 0 } s
                ? new RegistryCredential(u, s, $"docker-credential-{helper}")
                : null;
        }
        catch (JsonException)
        {
            throw new InputException($"docker-credential-{helper} (named in {configFile}) answered something that is not JSON; check the helper or pass --registry-username and --registry-password");
        }
    }
}
