namespace CudaImages.Docker;

/// <summary>The engine a target works with, asked for its facts once: no answer is one clear sentence, and no client is left open.</summary>
public static class EngineConnection
{
    /// <summary>The engine the docker CLI would use (DOCKER_HOST, the current context).</summary>
    /// <exception cref="EngineUnavailableException">No engine answers.</exception>
    public static Task<(IDockerEngine Engine, EngineInfo Info)> ConnectAsync(CancellationToken cancellationToken) =>
        ConnectAsync(() => DockerEngine.Connect(), cancellationToken);

    public static async Task<(IDockerEngine Engine, EngineInfo Info)> ConnectAsync(Func<IDockerEngine> connect, CancellationToken cancellationToken)
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
