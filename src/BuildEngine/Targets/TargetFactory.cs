using System.Linq.Expressions;
using System.Reflection;

namespace CudaImages.BuildEngine;

/// <summary>Finds the Target properties of a build, lets each describe itself, and links them by their relations.</summary>
static class TargetFactory
{
    public static IReadOnlyList<ExecutableTarget> CreateAll<T>(T build, IEnumerable<Expression<Func<T, Target>>> defaultTargets)
        where T : BuildBase
    {
        var targets = TargetProperties(build.GetType())
            .Select((property, order) => Describe(build, property, order))
            .ToList();
        var byMethod = new Dictionary<MethodInfo, ExecutableTarget>();
        foreach (var target in targets)
            byMethod.TryAdd(((Target)target.Property.GetValue(build)!).Method, target);

        ExecutableTarget Find(Target reference, ExecutableTarget from) =>
            byMethod.GetValueOrDefault(reference.Method)
            ?? throw new BuildInputException($"Target {from.Name} refers to a target that is not a Target property of {build.GetType().Name}.");

        foreach (var target in targets)
            Link(target, targets, Find);

        foreach (var expression in defaultTargets)
        {
            var target = byMethod.GetValueOrDefault(expression.Compile()(build).Method)
                ?? throw new BuildInputException($"The default target {expression.Body} is not a Target property of {build.GetType().Name}.");
            target.IsDefault = true;
        }

        return targets;
    }

    // Base classes first, then each class's targets in the order they are written.
    internal static IEnumerable<PropertyInfo> TargetProperties(Type buildType) =>
        Hierarchy(buildType)
            .SelectMany(type => type
                .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(property => property.PropertyType == typeof(Target) && property.GetIndexParameters().Length == 0)
                .OrderBy(property => property.MetadataToken))
            .DistinctBy(property => property.Name);

    static IEnumerable<Type> Hierarchy(Type type) =>
        type.BaseType is { } baseType && baseType != typeof(object) ? Hierarchy(baseType).Append(type) : [type];

    static ExecutableTarget Describe(BuildBase build, PropertyInfo property, int order)
    {
        var definition = new TargetDefinition();
        var describe = (Target)property.GetValue(build)!;
        describe(definition);
        return new ExecutableTarget(property.Name, order, property, definition);
    }

    static void Link(
        ExecutableTarget target,
        IReadOnlyList<ExecutableTarget> all,
        Func<Target, ExecutableTarget, ExecutableTarget> find)
    {
        var definition = target.Definition;
        IEnumerable<ExecutableTarget> Direct(List<Target> references) => references.Select(reference => find(reference, target));

        // "A.DependentFor(B)" is "B.DependsOn(A)" seen from A, so every relation also reads the other targets' definitions.
        IEnumerable<ExecutableTarget> Reverse(Func<TargetDefinition, List<Target>> references) =>
            all.Where(other => other != target && references(other.Definition).Any(reference => find(reference, other) == target));

        target.ExecutionDependencies.AddRange(Direct(definition.DependsOnTargets).Concat(Reverse(x => x.DependentForTargets)).Distinct());
        target.OrderDependencies.AddRange(Direct(definition.AfterTargets).Concat(Reverse(x => x.BeforeTargets)).Distinct());
        target.TriggerDependencies.AddRange(Direct(definition.TriggeredByTargets).Concat(Reverse(x => x.TriggersTargets)).Distinct());
        target.Triggers.AddRange(Direct(definition.TriggersTargets).Concat(Reverse(x => x.TriggeredByTargets)).Distinct());

        if (target.AllDependencies.Concat(target.Triggers).Contains(target))
            throw new BuildInputException($"Target {target.Name} cannot depend on itself.");
    }
}
