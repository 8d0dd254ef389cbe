using System.Diagnostics;
using CudaImages.Docker;
using CudaImages.Planning;

namespace CudaImages.Smoke;

/// <summary>
/// What a check needs to test one image: the engine, the host, the GPU request for GPU checks, and the folders
/// that hold the smoke sources (images/smoke) and the work it keeps between checks (the devel image's vector_add).
/// </summary>
public sealed record SmokeContext(
    ImageSpec Image,
    IDockerEngine Engine,
    SmokeHost Host,
    GpuRequest? Gpus,
    string? Runtime,
    string WorkDirectory,
    string SmokeSources)
{
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How much longer a check may take in an image of another platform, run through qemu: cuda-libs' ldd of every library
    /// took 114 s on arm64 against 4.7 s native (a loaded 2-core machine).
    /// </summary>
    public const int EmulationFactor = 10;

    /// <summary>The time a check gets in this image: <paramref name="timeout"/>, times <see cref="EmulationFactor"/> when the image is emulated here.</summary>
    public TimeSpan Limit(TimeSpan timeout) => Image.Platform == Model.Platform.Host ? timeout : timeout * EmulationFactor;

    /// <summary>The CUDA line of the image, "11.8" for 11.8.0: what nvcc and torch.version.cuda report.</summary>
    public string CudaLine => Image.Cuda.Line;

    /// <summary>The folder holding vector_add as the devel image of this CUDA release and distro compiled it.</summary>
    public string VectorAddFolder => Path.Combine(WorkDirectory, "vector_add", $"{Image.Cuda.Full}-{Image.Distro.Id}");

    public string VectorAdd => Path.Combine(VectorAddFolder, "vector_add");

    /// <summary>Runs a shell script in the image; <paramref name="gpu"/> adds the GPU request and runtime.</summary>
    public async Task<(ContainerRun Run, double Seconds)> RunAsync(string script, CancellationToken cancellationToken,
        bool gpu = false, TimeSpan? timeout = null, long memoryBytes = ContainerRunRequest.DefaultMemoryBytes,
        IReadOnlyList<(string HostPath, string ContainerPath, bool ReadOnly)>? mounts = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var clock = Stopwatch.StartNew();
        var run = await Engine.RunContainerAsync(new ContainerRunRequest(Image.Reference, ["sh", "-c", script],
            Environment: environment,
            Gpus: gpu ? Gpus : null,
            Runtime: gpu ? Runtime : null,
            MemoryBytes: memoryBytes,
            Timeout: Limit(timeout ?? CheckTimeout),
            Mounts: mounts), cancellationToken);
        return (run, clock.Elapsed.TotalSeconds);
    }

    public SmokeResult Passed(string check, string output, double seconds) =>
        new(Image.Tag, check, SmokeStatus.Passed, null, seconds, output, Host.Description);

    public SmokeResult Failed(string check, string reason, string? output, double seconds) =>
        new(Image.Tag, check, SmokeStatus.Failed, reason, seconds, output, Host.Description);

    public SmokeResult NotRun(string check, string reason) => SmokeResult.NotRun(Image.Tag, check, reason, Host);

    /// <summary>Judges a GPU check's run honestly for this host: without a GPU, CUDA's no-device messages mean not run.</summary>
    public SmokeResult Judged(string check, ContainerRun run, double seconds) => run.TimedOut
        ? TimedOut(check, run, seconds)
        : SmokeResult.FromRun(Image.Tag, check, run.ExitCode, run.Output, seconds, Host);

    public SmokeResult TimedOut(string check, ContainerRun run, double seconds) =>
        Failed(check, $"timed out after {seconds:0} s in {Image.Reference}", run.Output, seconds);
}
