namespace CudaImages.BuildEngine;

public enum TargetStatus
{
    Scheduled,
    Running,
    Succeeded,
    Failed,
    Skipped,
    NotRun,
    Aborted,
}
