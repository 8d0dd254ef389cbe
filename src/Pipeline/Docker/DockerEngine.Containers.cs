using System.Diagnostics;
using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace CudaImages.Docker;

public sealed partial class DockerEngine
{
    const string RegisterNvidiaRuntime =
        "install the NVIDIA Container Toolkit, run `sudo nvidia-ctk runtime configure --runtime=docker` and restart dockerd (`sudo systemctl restart docker`)";

    static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(30);

    public async Task<ContainerRun> RunContainerAsync(ContainerRunRequest request, CancellationToken cancellationToken)
    {
        // Named by us, so that removal finds it even when a cancelled create never told us its ID.
        var name = $"cudaimages-smoke-{Guid.NewGuid():N}";
        try
        {
            await CreateContainerAsync(name, request, cancellationToken);

            await Call($"starting a container from {request.Image}", retry: false, async (docker, token) =>
            {
                try
                {
                    return await docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), token);
                }
                catch (DockerApiException e) when (SetupFailure(request, e) is { } message)
                {
                    throw new EngineRequestException(message, e);
                }
            }, cancellationToken);

            var clock = Stopwatch.StartNew();
            var (exitCode, timedOut) = await WaitAsync(name, request, cancellationToken);
            var duration = clock.Elapsed;
            var output = await Call($"reading the output of a container from {request.Image}", retry: true,
                (docker, token) => ReadLogsAsync(docker, name, token), cancellationToken);
            return new ContainerRun(exitCode, output, timedOut, duration);
        }
        finally
        {
            // Not cancellable: a cancelled run must not leave its container behind.
            await RemoveContainerAsync(name);
        }
    }

    /// <summary>
    /// Creates, and does not start, the container <see cref="RunContainerAsync"/> would run; <paramref name="labels"/> are
    /// added to its own. For tests that read back from the engine what a run asks for.
    /// </summary>
    internal Task CreateContainerAsync(string name, ContainerRunRequest request, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? labels = null) =>
        Call($"creating a container from {request.Image}", retry: false, async (docker, token) =>
        {
            var parameters = CreateParameters(name, request);
            foreach (var (key, value) in labels ?? new Dictionary<string, string>())
                parameters.Labels[key] = value;
            try
            {
                return await docker.Containers.CreateContainerAsync(parameters, token);
            }
            catch (DockerApiException e) when (SetupFailure(request, e) is { } message)
            {
                throw new EngineRequestException(message, e);
            }
        }, cancellationToken);

    async Task<(int ExitCode, bool TimedOut)> WaitAsync(string name, ContainerRunRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < request.EffectiveTimeout)
        {
            // In slices: a single request held open for minutes would run into the HTTP client's own timeout.
            using var slice = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            slice.CancelAfter(Min(request.EffectiveTimeout - clock.Elapsed, WaitSlice));
            try
            {
                var exit = await Call($"waiting for a container from {request.Image}", retry: false,
                    (docker, token) => docker.Containers.WaitContainerAsync(name, token), slice.Token);
                return ((int)exit.StatusCode, false);
            }
            catch (Exception) when (slice.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
            }
        }

        await Call($"killing a container from {request.Image} after its timeout of {request.EffectiveTimeout}", retry: true, async (docker, token) =>
        {
            try
            {
                await docker.Containers.KillContainerAsync(name, new ContainerKillParameters { Signal = "SIGKILL" }, token);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                // It ended on its own just as the timeout struck.
            }
            return true;
        }, CancellationToken.None);
        return (-1, true);
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    static async Task<string> ReadLogsAsync(DockerClient docker, string name, CancellationToken cancellationToken)
    {
        using var stream = await docker.Containers.GetContainerLogsAsync(name,
            new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = false }, cancellationToken);
        // Frames of stdout and stderr come in the order they were written; decoding them together keeps split UTF-8 intact.
        using var bytes = new MemoryStream();
        var buffer = new byte[81920];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF)
                break;
            bytes.Write(buffer, 0, read.Count);
        }
        return Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    Task RemoveContainerAsync(string name) =>
        Call($"removing container {name}", retry: true, async (docker, token) =>
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, token);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }
            return true;
        }, CancellationToken.None);

    static CreateContainerParameters CreateParameters(string name, ContainerRunRequest request) => new()
    {
        Name = name,
        Image = request.Image,
        Cmd = [.. request.Command],
        Env = [.. (request.Environment ?? new Dictionary<string, string>()).Select(variable => $"{variable.Key}={variable.Value}")],
        User = request.User ?? "",
        WorkingDir = request.WorkingDirectory ?? "",
        Labels = new Dictionary<string, string> { [ContainerRunRequest.Label] = "true" },
        Tty = false,
        HostConfig = new HostConfig
        {
            NetworkMode = request.Network ? "host" : "none",
            Memory = request.MemoryBytes,
            // Equal to Memory: no swap on top, so the limit is the limit.
            MemorySwap = request.MemoryBytes,
            Runtime = request.Runtime ?? "",
            // Mounts rather than Binds: a missing host path is an error, not a silently created empty directory.
            Mounts = [.. (request.Mounts ?? []).Select(mount => new Mount
            {
                Type = "bind",
                Source = mount.HostPath,
                Target = mount.ContainerPath,
                ReadOnly = mount.ReadOnly,
            })],
            DeviceRequests = request.Gpus is { } gpus ? [DeviceRequest(gpus)] : [],
        },
    };

    static DeviceRequest DeviceRequest(GpuRequest gpus) => new()
    {
        Driver = "",
        Count = gpus.Count,
        DeviceIDs = [.. gpus.DeviceIds],
        Capabilities = [["gpu"]],
    };

    // What the engine says when it lacks a runtime ("Unknown runtime specified nvidia", older: "unknown or invalid runtime name")
    // or cannot hand out GPUs ("could not select device driver "" with capabilities: [[gpu]]").
    string? SetupFailure(ContainerRunRequest request, DockerApiException e)
    {
        var message = EngineFailures.EngineMessage(e);
        if (request.Runtime is { } runtime && message.Contains("runtime", StringComparison.OrdinalIgnoreCase))
            return $"the Docker Engine at {Endpoint} has no runtime '{runtime}' ({message}) — {RegisterNvidiaRuntime}; `docker info` lists the runtimes it has";
        if (request.Gpus is { } gpus && message.Contains("device driver", StringComparison.OrdinalIgnoreCase))
            return $"the Docker Engine at {Endpoint} cannot give containers GPUs (--gpus {gpus}): it has no NVIDIA device driver ({message}) — " +
                   $"on a GPU host {RegisterNvidiaRuntime}; on a host without GPUs leave out --gpus";
        return null;
    }
}
