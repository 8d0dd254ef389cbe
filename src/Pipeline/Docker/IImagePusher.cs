namespace CudaImages.Docker;

/// <summary>Moves images between the engine and a registry with the registry's credential (X-Registry-Auth): push, and pull by digest.</summary>
public interface IImagePusher
{
    /// <summary>Pushes name:tag; returns the manifest digest and size the engine reports. Failure throws <see cref="ImagePushException"/>.</summary>
    Task<PushedManifest> PushImageAsync(string reference, string serverAddress, RegistryCredential? credential, CancellationToken cancellationToken);

    /// <summary>Pulls name@sha256:... into the engine. Failure throws <see cref="EngineRequestException"/> saying why.</summary>
    Task PullImageAsync(string digestReference, string serverAddress, RegistryCredential? credential, CancellationToken cancellationToken);
}

public sealed record PushedManifest(string Digest, long Size);

/// <summary>The engine could not push. Transient: the registry answered 5xx, dropped the connection or timed out — worth another try.</summary>
public sealed class ImagePushException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}
