namespace CudaImages;

/// <summary>Programs of the host the pipeline calls (mmdebstrap, nvidia-smi), found as a shell would find them.</summary>
public static class Programs
{
    public static bool OnPath(string program) => Find(program) is not null;

    /// <summary>The full path of a program on <paramref name="path"/> (default: this process's PATH), or null.</summary>
    public static string? Find(string program, string? path = null) =>
        (path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
