using Spectre.Console;
using Spectre.Console.Rendering;

namespace CudaImages.Smoke;

/// <summary>Smoke results as people read them: one row per image and check.</summary>
public static class SmokeTable
{
    /// <summary>Columns in CI logs, where a reason should not fold into a narrow column.</summary>
    public const int LogWidth = 200;

    public static IRenderable Render(IReadOnlyList<SmokeResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Image", "Check", "Status", "Reason", "Seconds");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Image), Markup.Escape(r.Check), r.Status switch
            {
                SmokeStatus.Passed => "[green]passed[/]",
                SmokeStatus.Failed => "[red]failed[/]",
                _ => "[grey]not run[/]",
            }, Markup.Escape(r.Reason ?? ""), $"{r.Seconds:0.0}");
        return table;
    }
}
