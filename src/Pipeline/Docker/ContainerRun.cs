namespace CudaImages.Docker;

/// <summary>
/// One throw-away container: <see cref="IDockerEngine.RunContainerAsync"/> runs <see cref="Command"/> in
/// <see cref="Image"/> without a network (unless <see cref="Network"/>: the host's, for apt to reach the archive as it would on the host; it needs no bridge), under a memory limit and a timeout, and always removes it afterwards.
/// </summary>
public sealed record ContainerRunRequest(
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string>? Environment = null,
    GpuRequest? Gpus = null,
    string? Runtime = null,
    long MemoryBytes = ContainerRunRequest.DefaultMemoryBytes,
    TimeSpan? Timeout = null,
    IReadOnlyList<(string HostPath, string ContainerPath, bool ReadOnly)>? Mounts = null,
    string? User = null,
    string? WorkingDirectory = null,
    bool Network = false)
{
    /// <summary>Every such container carries this label set to "true", so that a leak is easy to find (docker ps -a --filter label=...).</summary>
    public const string Label = "io.cudaimages.smoke";

    public const long DefaultMemoryBytes = 2L * 1024 * 1024 * 1024;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public TimeSpan EffectiveTimeout => Timeout ?? DefaultTimeout;
}

/// <summary>
/// How a container run ended. <see cref="Output"/> holds stdout and stderr interleaved in the order the engine logged them.
/// A run that hit its timeout was killed: <see cref="TimedOut"/> is true and <see cref="ExitCode"/> is -1.
/// </summary>
public sealed record ContainerRun(int ExitCode, string Output, bool TimedOut, TimeSpan Duration);

/// <summary>
/// The GPUs a container gets, as <c>docker run --gpus</c> says it: all of them, a number of them, or specific devices.
/// Becomes a device request for the "gpu" capability, which the NVIDIA Container Toolkit answers.
/// </summary>
public sealed record GpuRequest
{
    GpuRequest(int count, IReadOnlyList<string> deviceIds)
    {
        Count = count;
        DeviceIds = deviceIds;
    }

    public static GpuRequest All { get; } = new(-1, []);

    /// <summary>-1 for all GPUs; 0 when <see cref="DeviceIds"/> names them.</summary>
    public int Count { get; }

    public IReadOnlyList<string> DeviceIds { get; }

    public static GpuRequest First(int count) => count > 0
        ? new GpuRequest(count, [])
        : throw new ArgumentOutOfRangeException(nameof(count), count, "a GPU count must be at least 1");

    public static GpuRequest Devices(params IReadOnlyList<string> deviceIds) => deviceIds.Count > 0 && deviceIds.All(id => !string.IsNullOrWhiteSpace(id))
        ? new GpuRequest(0, [.. deviceIds])
        : throw new ArgumentException("name at least one GPU device (an index such as 0, or a UUID such as GPU-...)", nameof(deviceIds));

    /// <summary>Reads the value of <c>--gpus</c>: "all", a count such as "2", or "device=0,1" (indices or UUIDs).</summary>
    /// <exception cref="FormatException">The value is none of those; the message shows the three forms.</exception>
    public static GpuRequest Parse(string value)
    {
        var text = value.Trim().Trim('"');
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
            return All;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count > 0)
            return First(count);
        if (text.StartsWith("device=", StringComparison.OrdinalIgnoreCase))
        {
            var ids = text["device=".Length..].Split(',', StringSplitOptions.TrimEntries);
            if (ids.All(id => id.Length > 0))
                return Devices(ids);
        }
        throw new FormatException($"'{value}' is not a GPU request — write all, a count such as 2, or device=0,1 (as docker run --gpus)");
    }

    public override string ToString() => Count switch
    {
        -1 => "all",
        0 => "device=" + string.Join(',', DeviceIds),
        _ => Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
