namespace CudaImages.BuildEngine;

/// <summary>Marks planned targets as skipped, taking along the dependencies and triggers that nothing else still needs.</summary>
internal static class Skipping
{
    /// <summary>Bare --skip (no names) skips every target that was not invoked.</summary>
    public static void ApplySkipParameter(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<ExecutableTarget>? skipped)
    {
        if (skipped is null)
            return;
        var chosen = skipped.Count == 0 ? plan : plan.Where(skipped.Contains).ToList();
        foreach (var target in chosen.Where(target => !target.Invoked))
            MarkSkipped(plan, target, "via --skip");
    }

    public static void ApplyStaticConditions(IReadOnlyList<ExecutableTarget> plan)
    {
        foreach (var target in plan)
        {
            if (FalseConditions(target, target.Definition.StaticConditions) is { } reason)
                MarkSkipped(plan, target, reason);
        }
    }

    /// <summary>The note for a target whose conditions do not all hold, or null when they do.</summary>
    public static string? FalseConditions(ExecutableTarget target, IEnumerable<Condition> conditions)
    {
        var failed = conditions.Where(condition => !condition.IsMet()).Select(condition => condition.Text).ToList();
        return failed.Count == 0 ? null : $"condition false: {string.Join(" && ", failed)}";
    }

    public static void MarkSkipped(IReadOnlyList<ExecutableTarget> plan, ExecutableTarget target, string reason)
    {
        if (target.Status != TargetStatus.Scheduled)
            return;
        target.Status = TargetStatus.Skipped;
        target.Note = reason;

        var exclusive = target.ExecutionDependencies.Concat(target.Triggers)
            .Where(other => plan.Contains(other) && !other.Invoked && !StillNeeded(plan, other))
            .ToList();
        foreach (var other in exclusive)
            MarkSkipped(plan, other, $"only needed by skipped {target.Name}");
    }

    private static bool StillNeeded(IReadOnlyList<ExecutableTarget> plan, ExecutableTarget dependency) =>
        plan.Any(target => target.Status == TargetStatus.Scheduled &&
                           (target.ExecutionDependencies.Contains(dependency) || target.Triggers.Contains(dependency)));
}
