namespace CudaImages;

/// <summary>Programs of the host the pipeline calls (mmdebstrap, nvidia-smi), found as a shell would find them.</summary>
public static class Programs
{
    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
