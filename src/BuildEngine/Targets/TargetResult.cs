namespace CudaImages.BuildEngine;

/// <summary>How one scheduled target ended.</summary>
public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string? Note)
{
    // Notes quote exception messages, which may quote a secret.
    internal static TargetResult Of(ExecutableTarget target, BuildLog log) =>
        new(target.Name, target.Status, target.Duration, target.Note is null ? null : log.Mask(target.Note));
}
