namespace CudaImages.BuildEngine;

/// <summary>How one planned target ended.</summary>
public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string? Note);
