namespace CudaImages.BuildEngine;

public static class ExitCodes
{
    public const int Succeeded = 0;
    public const int TargetFailed = 1;

    /// <summary>Unknown target or parameter, bad value, dependency cycle, missing requirement, or ExitCodeFor said so.</summary>
    public const int BadInput = 2;

    /// <summary>Cancelled with Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Aborted = 130;
}
