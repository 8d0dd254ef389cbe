namespace CudaImages.BuildEngine;

/// <summary>Chooses the targets to run and their order: dependencies and triggers are added, After/Before only order.</summary>
static class TargetScheduler
{
    /// <summary>Invoked: the targets named on the command line, or else the default ones.</summary>
    public static IReadOnlyList<ExecutableTarget> Schedule(IReadOnlyList<ExecutableTarget> all, IReadOnlyList<ExecutableTarget> invoked)
    {
        ThrowOnCycle(all);
        return Order(all, invoked, Select(invoked));
    }

    static HashSet<ExecutableTarget> Select(IEnumerable<ExecutableTarget> requested)
    {
        var selected = new HashSet<ExecutableTarget>();
        var pending = new Queue<ExecutableTarget>(requested);
        while (pending.TryDequeue(out var target))
        {
            if (!selected.Add(target))
                continue;
            foreach (var next in target.ExecutionDependencies.Concat(target.Triggers))
                pending.Enqueue(next);
        }
        return selected;
    }

    // Depth-first over every target, so an order through an unscheduled target (A after B after C) still holds.
    static List<ExecutableTarget> Order(
        IReadOnlyList<ExecutableTarget> all,
        IReadOnlyList<ExecutableTarget> requested,
        HashSet<ExecutableTarget> selected)
    {
        var schedule = new List<ExecutableTarget>();
        var visited = new HashSet<ExecutableTarget>();

        void Visit(ExecutableTarget target)
        {
            if (!visited.Add(target))
                return;
            foreach (var dependency in target.AllDependencies)
                Visit(dependency);
            if (selected.Contains(target))
                schedule.Add(target);
        }

        foreach (var target in requested.Concat(all.OrderBy(target => target.DeclarationOrder)))
            Visit(target);
        return schedule;
    }

    static void ThrowOnCycle(IReadOnlyList<ExecutableTarget> all)
    {
        var done = new HashSet<ExecutableTarget>();
        var path = new List<ExecutableTarget>();

        void Visit(ExecutableTarget target)
        {
            var start = path.IndexOf(target);
            if (start >= 0)
            {
                var cycle = path.Skip(start).Append(target).Select(x => x.Name);
                throw new BuildInputException($"Circular dependency between targets: {string.Join(" -> ", cycle)}");
            }
            if (done.Contains(target))
                return;
            path.Add(target);
            foreach (var dependency in target.AllDependencies)
                Visit(dependency);
            path.RemoveAt(path.Count - 1);
            done.Add(target);
        }

        foreach (var target in all)
            Visit(target);
    }
}
