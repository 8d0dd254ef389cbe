namespace CudaImages.BuildEngine;

/// <summary>How a build run ended: its exit code, the build object (with its bound parameters) and each scheduled target.</summary>
public sealed record BuildOutcome<T>(int ExitCode, T Build, IReadOnlyList<TargetResult> Targets)
    where T : BuildBase
{
    public TargetResult Target(string name) =>
        Targets.SingleOrDefault(target => target.Name == name)
        ?? throw new KeyNotFoundException($"{name} is not in the schedule: {string.Join(", ", Targets.Select(target => target.Name))}");
}
