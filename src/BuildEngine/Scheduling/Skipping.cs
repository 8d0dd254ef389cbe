namespace CudaImages.BuildEngine;

/// <summary>Marks scheduled targets as skipped, taking along the dependencies and triggers that nothing else still needs.</summary>
static class Skipping
{
    /// <summary>Bare --skip (no names) skips every target that was not invoked.</summary>
    public static void ApplySkipParameter(IReadOnlyList<ExecutableTarget> schedule, IReadOnlyList<ExecutableTarget>? skipped)
    {
        if (skipped is null)
            return;
        var chosen = skipped.Count == 0 ? schedule : schedule.Where(skipped.Contains).ToList();
        foreach (var target in chosen.Where(target => !target.Invoked))
            MarkSkipped(schedule, target, "via --skip");
    }

    public static void ApplyStaticConditions(IReadOnlyList<ExecutableTarget> schedule)
    {
        foreach (var target in schedule)
        {
            if (FalseConditions(target, target.Definition.StaticConditions) is { } reason)
                MarkSkipped(schedule, target, reason);
        }
    }

    /// <summary>The note for a target whose conditions do not all hold, or null when they do.</summary>
    public static string? FalseConditions(ExecutableTarget target, IEnumerable<Condition> conditions)
    {
        var failed = conditions.Where(condition => !condition.IsMet()).Select(condition => condition.Text).ToList();
        return failed.Count == 0 ? null : $"condition false: {string.Join(" && ", failed)}";
    }

    public static void MarkSkipped(IReadOnlyList<ExecutableTarget> schedule, ExecutableTarget target, string reason)
    {
        if (target.Status != TargetStatus.Scheduled)
            return;
        target.Status = TargetStatus.Skipped;
        target.Note = reason;

        var exclusive = target.ExecutionDependencies.Concat(target.Triggers)
            .Where(other => schedule.Contains(other) && !other.Invoked && !StillNeeded(schedule, other))
            .ToList();
        foreach (var other in exclusive)
            MarkSkipped(schedule, other, $"only needed by skipped {target.Name}");
    }

    static bool StillNeeded(IReadOnlyList<ExecutableTarget> schedule, ExecutableTarget dependency) =>
        schedule.Any(target => target.Status == TargetStatus.Scheduled &&
                           (target.ExecutionDependencies.Contains(dependency) || target.Triggers.Contains(dependency)));
}
