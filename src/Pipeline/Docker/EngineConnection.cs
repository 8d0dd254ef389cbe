namespace CudaImages.Docker;

/// <summary>The engine a target works with, asked for its facts once: no answer is one clear sentence, and no client is left open.</summary>
public static class EngineConnection
{
    /// <summary>The engine the docker CLI would use (DOCKER_HOST and its TLS settings, the current context); <paramref name="warn"/> hears about plain TCP to another machine.</summary>
    /// <exception cref="EngineUnavailableException">No engine answers.</exception>
    /// <exception cref="InputException">DOCKER_HOST or a TLS setting is malformed, or a certificate file is missing.</exception>
    public static async Task<(DockerEngine Engine, EngineInfo Info)> ConnectAsync(Action<string> warn, CancellationToken cancellationToken) =>
        await ConnectAsync(() => Warned(DockerEngine.Connect(), warn), cancellationToken);

    /// <summary>The engine the docker CLI would use, and the pusher that pushes its images over the same connection.</summary>
    /// <exception cref="EngineUnavailableException">No engine answers.</exception>
    /// <exception cref="InputException">DOCKER_HOST or a TLS setting is malformed, or a certificate file is missing.</exception>
    public static async Task<(IDockerEngine Engine, IImagePusher Pusher)> ConnectWithPusherAsync(Action<string> warn, CancellationToken cancellationToken)
    {
        var (engine, _) = await ConnectAsync(() => Warned(DockerEngine.Connect(), warn), cancellationToken);
        return (engine, engine);
    }

    /// <summary>
    /// The engine and its facts, or the sentence saying why none answers: for the Doctor, which reports a missing
    /// engine as one of its findings instead of stopping. The client stays open either way; the caller disposes it.
    /// </summary>
    public static Task<EngineProbe> ProbeAsync(Action<string> warn, CancellationToken cancellationToken) =>
        ProbeAsync(() => Warned(DockerEngine.Connect(), warn), cancellationToken);

    public static async Task<EngineProbe> ProbeAsync(Func<IDockerEngine> connect, CancellationToken cancellationToken)
    {
        var engine = connect();
        try
        {
            return new EngineProbe(engine, await engine.InfoAsync(cancellationToken), null);
        }
        catch (EngineUnavailableException e)
        {
            return new EngineProbe(engine, null, e.Message);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public static async Task<(TEngine Engine, EngineInfo Info)> ConnectAsync<TEngine>(Func<TEngine> connect, CancellationToken cancellationToken)
        where TEngine : IDockerEngine
    {
        var engine = connect();
        try
        {
            return (engine, await engine.InfoAsync(cancellationToken));
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    static DockerEngine Warned(DockerEngine engine, Action<string> warn)
    {
        if (engine.Address.Warning is { } warning)
            warn(warning);
        return engine;
    }
}

/// <summary>An engine client and what asking it for its facts gave: the facts, or why it did not answer.</summary>
public sealed record EngineProbe(IDockerEngine Engine, EngineInfo? Info, string? Error) : IDisposable
{
    public void Dispose() => Engine.Dispose();
}
