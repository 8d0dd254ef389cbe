using System.Text;

namespace CudaImages.BuildEngine;

/// <summary>What --plan prints (the schedule), and the Mermaid graph it writes to .nuke/temp/plan.mmd.</summary>
static class ScheduleOutput
{
    public static string Text(IReadOnlyList<ExecutableTarget> schedule)
    {
        var text = new StringBuilder($"Execution plan ({schedule.Count} targets):{Environment.NewLine}");
        var width = schedule.Select(target => target.Name.Length).Append(0).Max();
        foreach (var (target, index) in schedule.Select((target, index) => (target, index)))
        {
            var skipped = target.Status == TargetStatus.Skipped ? $"skipped ({target.Note})" : "";
            text.AppendLine($"  {index + 1,2}. {target.Name.PadRight(width)}  {skipped}".TrimEnd());
        }
        return text.ToString();
    }

    /// <summary>Solid arrows are dependencies, dotted ones ordering only, thick ones triggers; skipped targets are dashed.</summary>
    public static string Mermaid(IReadOnlyList<ExecutableTarget> schedule)
    {
        var text = new StringBuilder("graph LR\n");
        foreach (var target in schedule)
            text.Append($"  {target.Name}[\"{target.Name}\"]{(target.Status == TargetStatus.Skipped ? ":::skipped" : target.Invoked ? ":::invoked" : "")}\n");
        foreach (var target in schedule)
        {
            AppendEdges(text, schedule, target.ExecutionDependencies, "-->", target);
            AppendEdges(text, schedule, target.OrderDependencies, "-.->", target);
            AppendEdges(text, schedule, target.TriggerDependencies, "==>", target);
        }
        text.Append("  classDef skipped stroke-dasharray: 5 5,color:#999\n");
        text.Append("  classDef invoked stroke-width:3px\n");
        return text.ToString();
    }

    static void AppendEdges(StringBuilder text, IReadOnlyList<ExecutableTarget> schedule, IEnumerable<ExecutableTarget> before, string arrow, ExecutableTarget target)
    {
        foreach (var first in before.Where(schedule.Contains))
            text.Append($"  {first.Name} {arrow} {target.Name}\n");
    }
}
