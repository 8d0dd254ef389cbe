using System.Text.Json;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace CudaImages.Docker;

public sealed partial class DockerEngine : IImagePusher
{
    public async Task<PushedManifest> PushImageAsync(string reference, string serverAddress, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var target = ImageReference.Parse(reference);
        var messages = new PushMessages();
        var auth = Auth(serverAddress, credential);
        try
        {
            await Call($"pushing {target}", retry: false, async (docker, token) =>
            {
                await docker.Images.PushImageAsync(target.Repository, new ImagePushParameters { Tag = target.Tag }, auth, messages, token);
                return true;
            }, cancellationToken);
        }
        catch (EngineRequestException e)
        {
            throw new ImagePushException(e.Message, PushFailures.IsTransient(e.Message), e);
        }
        catch (EngineUnavailableException e)
        {
            throw new ImagePushException(e.Message, transient: true, e);
        }

        if (messages.Error is { } error)
            throw new ImagePushException($"pushing {target} failed: {error}", PushFailures.IsTransient(error));
        return messages.Pushed
            ?? throw new ImagePushException($"pushing {target} ended without the engine naming the manifest digest", transient: false);
    }

    public async Task PullImageAsync(string digestReference, string serverAddress, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var messages = new EngineMessages();
        await Call($"pulling {digestReference}", retry: false, async (docker, token) =>
        {
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = digestReference }, Auth(serverAddress, credential), messages, token);
            return true;
        }, cancellationToken);
        if (messages.Error is { } error)
            throw new EngineRequestException($"pulling {digestReference} failed: {error}");
    }

    static AuthConfig Auth(string serverAddress, RegistryCredential? credential) => credential is null
        ? new AuthConfig { ServerAddress = serverAddress }
        : new AuthConfig { ServerAddress = serverAddress, Username = credential.Username, Password = credential.Password };

    /// <summary>The push stream: the engine closes it with {"aux":{"Tag","Digest","Size"}} and "tag: digest: sha256:... size: N".</summary>
    sealed partial class PushMessages : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }

        public PushedManifest? Pushed { get; private set; }

        public void Report(JSONMessage value)
        {
            if (!string.IsNullOrWhiteSpace(value.Error?.Message))
                Error = value.Error.Message.Trim();
            if (value.Aux?.ExtensionData is { } aux && aux.TryGetValue("Digest", out var digest) && Text(digest) is { Length: > 0 } d)
                Pushed = new PushedManifest(d, aux.TryGetValue("Size", out var size) && long.TryParse(Text(size), out var s) ? s : 0);
            else if (value.Status is { } status && DigestLine().Match(status) is { Success: true } m && Pushed is null)
                Pushed = new PushedManifest(m.Groups[1].Value, long.Parse(m.Groups[2].Value));
        }

        static string? Text(object? value) => value switch
        {
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
            null => null,
            var other => other.ToString(),
        };

        [GeneratedRegex(@"digest: (sha256:[0-9a-f]{64}) size: (\d+)")]
        private static partial Regex DigestLine();
    }
}

/// <summary>Which push errors are worth another try; the engine reports the registry's answer as text.</summary>
static class PushFailures
{
    static readonly string[] Permanent =
    [
        "unauthorized", "authentication required", "denied", "no basic auth credentials", "forbidden",
        "does not exist locally", "no such image", "name unknown", "invalid reference format",
    ];

    static readonly string[] Transient =
    [
        "500 internal server error", "502 bad gateway", "503 service unavailable", "504 gateway timeout", "429 too many requests",
        "received unexpected http status: 5", "connection reset", "broken pipe", "eof", "i/o timeout", "timeout",
        "connection refused", "context deadline exceeded", "server misbehaving", "tls handshake",
    ];

    public static bool IsTransient(string message) =>
        !Permanent.Any(p => message.Contains(p, StringComparison.OrdinalIgnoreCase))
        && Transient.Any(t => message.Contains(t, StringComparison.OrdinalIgnoreCase));
}
