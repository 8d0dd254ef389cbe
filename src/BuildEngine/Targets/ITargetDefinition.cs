using System.Linq.Expressions;

namespace CudaImages.BuildEngine;

/// <summary>The fluent description of a target, with Nuke's vocabulary.</summary>
public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    /// <summary>These targets run before this one and are added to the schedule.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>This target runs before those and is added to the schedule when they are.</summary>
    ITargetDefinition DependentFor(params Target[] targets);

    /// <summary>When both are scheduled, this target runs after those; adds nothing to the schedule.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>When both are scheduled, this target runs before those; adds nothing to the schedule.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>Those targets are added to the schedule and run after this one.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>This target is added to the schedule and runs after any of those.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>Skips the target, and the dependencies only it needs, when a condition is false at scheduling time.</summary>
    ITargetDefinition OnlyWhenStatic(params Expression<Func<bool>>[] conditions);

    /// <summary>Skips the target when a condition is false right before it would run.</summary>
    ITargetDefinition OnlyWhenDynamic(params Expression<Func<bool>>[] conditions);

    /// <summary>The named parameters must be set (not null, not empty) before anything runs.</summary>
    ITargetDefinition Requires(params Expression<Func<object?>>[] parameters);

    /// <summary>The conditions must hold before anything runs.</summary>
    ITargetDefinition Requires(params Expression<Func<bool>>[] conditions);

    /// <summary>A failure of this target does not stop the build; only targets that need it are not run.</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>This target runs even after another target failed or the build was cancelled.</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Hides the target from --help.</summary>
    ITargetDefinition Unlisted();

    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);
}
