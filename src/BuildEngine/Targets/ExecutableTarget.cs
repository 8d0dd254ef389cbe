using System.Reflection;

namespace CudaImages.BuildEngine;

/// <summary>A target of this build, linked to the others, with what happened to it in this run.</summary>
public sealed class ExecutableTarget
{
    internal ExecutableTarget(string name, int order, PropertyInfo property, TargetDefinition definition)
    {
        Name = name;
        DeclarationOrder = order;
        Property = property;
        Definition = definition;
    }

    public string Name { get; }
    public string? Description => Definition.DescriptionText;
    public bool IsDefault { get; internal set; }
    public bool Invoked { get; internal set; }
    public bool Listed => !Definition.IsUnlisted;
    public TargetStatus Status { get; internal set; } = TargetStatus.Scheduled;
    public TimeSpan Duration { get; internal set; }

    /// <summary>One line for the summary: why it was skipped or not run, or how it failed.</summary>
    public string? Note { get; internal set; }

    /// <summary>What ExitCodeFor said about this target's exception; null when it failed unclassified.</summary>
    internal int? FailureExitCode { get; set; }

    internal int DeclarationOrder { get; }
    internal PropertyInfo Property { get; }
    internal TargetDefinition Definition { get; }
    internal List<ExecutableTarget> ExecutionDependencies { get; } = [];
    internal List<ExecutableTarget> OrderDependencies { get; } = [];
    internal List<ExecutableTarget> TriggerDependencies { get; } = [];
    internal List<ExecutableTarget> Triggers { get; } = [];

    /// <summary>Everything that must come before this target when both are scheduled.</summary>
    internal IEnumerable<ExecutableTarget> AllDependencies =>
        ExecutionDependencies.Concat(OrderDependencies).Concat(TriggerDependencies).Distinct();

    public override string ToString() => Name;
}
