namespace CudaImages.Docker;

/// <summary>The engine a target works with, asked for its facts once: no answer is one clear sentence, and no client is left open.</summary>
public static class EngineConnection
{
    /// <summary>The engine the docker CLI would use (DOCKER_HOST, the current context).</summary>
    /// <exception cref="EngineUnavailableException">No engine answers.</exception>
    public static async Task<(IDockerEngine Engine, EngineInfo Info)> ConnectAsync(CancellationToken cancellationToken) =>
        await ConnectAsync(() => DockerEngine.Connect(), cancellationToken);

    /// <summary>The engine the docker CLI would use, and the pusher that pushes its images over the same connection.</summary>
    /// <exception cref="EngineUnavailableException">No engine answers.</exception>
    public static async Task<(IDockerEngine Engine, IImagePusher Pusher)> ConnectWithPusherAsync(CancellationToken cancellationToken)
    {
        var (engine, _) = await ConnectAsync(() => DockerEngine.Connect(), cancellationToken);
        return (engine, engine);
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
}
