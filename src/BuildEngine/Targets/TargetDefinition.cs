using System.Linq.Expressions;

namespace CudaImages.BuildEngine;

/// <summary>What a target's fluent chain recorded, before targets are linked to each other.</summary>
sealed class TargetDefinition : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> DependentForTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<Condition> StaticConditions { get; } = [];
    public List<Condition> DynamicConditions { get; } = [];
    public List<Requirement> Requirements { get; } = [];
    public List<Func<Task>> Actions { get; } = [];
    public bool IsProceedAfterFailure { get; private set; }
    public bool IsAssuredAfterFailure { get; private set; }
    public bool IsUnlisted { get; private set; }

    public ITargetDefinition Description(string description) => With(() => DescriptionText = description);

    public ITargetDefinition DependsOn(params Target[] targets) => With(() => DependsOnTargets.AddRange(targets));

    public ITargetDefinition DependentFor(params Target[] targets) => With(() => DependentForTargets.AddRange(targets));

    public ITargetDefinition After(params Target[] targets) => With(() => AfterTargets.AddRange(targets));

    public ITargetDefinition Before(params Target[] targets) => With(() => BeforeTargets.AddRange(targets));

    public ITargetDefinition Triggers(params Target[] targets) => With(() => TriggersTargets.AddRange(targets));

    public ITargetDefinition TriggeredBy(params Target[] targets) => With(() => TriggeredByTargets.AddRange(targets));

    public ITargetDefinition OnlyWhenStatic(params Expression<Func<bool>>[] conditions) =>
        With(() => StaticConditions.AddRange(conditions.Select(Condition.From)));

    public ITargetDefinition OnlyWhenDynamic(params Expression<Func<bool>>[] conditions) =>
        With(() => DynamicConditions.AddRange(conditions.Select(Condition.From)));

    public ITargetDefinition Requires(params Expression<Func<object?>>[] parameters) =>
        With(() => Requirements.AddRange(parameters.Select(Requirement.ParameterIsSet)));

    public ITargetDefinition Requires(params Expression<Func<bool>>[] conditions) =>
        With(() => Requirements.AddRange(conditions.Select(Requirement.ConditionHolds)));

    public ITargetDefinition ProceedAfterFailure() => With(() => IsProceedAfterFailure = true);

    public ITargetDefinition AssuredAfterFailure() => With(() => IsAssuredAfterFailure = true);

    public ITargetDefinition Unlisted() => With(() => IsUnlisted = true);

    public ITargetDefinition Executes(Action action) =>
        With(() => Actions.Add(() =>
        {
            action();
            return Task.CompletedTask;
        }));

    public ITargetDefinition Executes(Func<Task> action) => With(() => Actions.Add(action));

    TargetDefinition With(Action change)
    {
        change();
        return this;
    }
}
