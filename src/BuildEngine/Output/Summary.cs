using Spectre.Console;

namespace CudaImages.BuildEngine;

/// <summary>The closing table: each scheduled target's status, duration and note, plus the total.</summary>
static class Summary
{
    static readonly string[] Headers = ["Target", "Status", "Duration", "Note"];

    public static string Plain(IReadOnlyList<TargetResult> results)
    {
        var rows = Rows(results).Append(TotalRow(results)).ToList();
        var widths = Enumerable.Range(0, Headers.Length)
            .Select(column => rows.Append(Headers).Max(row => row[column].Length))
            .ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd();
        var rule = new string('-', widths.Sum() + 2 * (widths.Length - 1));

        return string.Join(Environment.NewLine,
            [rule, Line(Headers), rule, .. rows.SkipLast(1).Select(Line), rule, Line(rows[^1]), rule]);
    }

    public static string Colored(IReadOnlyList<TargetResult> results, int width)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in Headers)
            table.AddColumn(new TableColumn($"[bold]{header}[/]"));
        foreach (var result in results)
        {
            var row = Row(result);
            table.AddRow(Markup.Escape(row[0]), $"[{Color(result.Status)}]{row[1]}[/]", row[2], Markup.Escape(row[3]));
        }
        table.AddEmptyRow();
        table.AddRow(TotalRow(results).Select(cell => $"[bold]{Markup.Escape(cell)}[/]").ToArray());

        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        console.Write(table);
        return writer.ToString();
    }

    /// <summary>For the GitHub job summary page.</summary>
    public static string Markdown(IReadOnlyList<TargetResult> results)
    {
        var lines = new List<string> { "### Build summary", "", "| Target | Status | Duration | Note |", "|---|---|---|---|" };
        lines.AddRange(results.Select(MarkdownRow));
        var total = TotalRow(results);
        lines.Add($"| **{total[0]}** | | **{total[2]}** | |");
        return string.Join('\n', lines) + "\n\n";
    }

    static string MarkdownRow(TargetResult result)
    {
        static string Cell(string text) => text.Replace("|", "\\|");
        var row = Row(result);
        return $"| {Cell(row[0])} | {Icon(result.Status)} {row[1]} | {row[2]} | {Cell(row[3])} |";
    }

    public static string Duration(TimeSpan duration) => $"{(int)duration.TotalMinutes}:{duration.Seconds:00}";

    static IEnumerable<string[]> Rows(IReadOnlyList<TargetResult> results) => results.Select(Row);

    static string[] Row(TargetResult result) =>
    [
        result.Name,
        result.Status.ToString(),
        Ran(result.Status) ? Duration(result.Duration) : "",
        result.Note ?? "",
    ];

    static string[] TotalRow(IReadOnlyList<TargetResult> results) =>
        ["Total", "", Duration(TimeSpan.FromTicks(results.Sum(result => result.Duration.Ticks))), ""];

    static bool Ran(TargetStatus status) => status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Aborted;

    static string Color(TargetStatus status) => status switch
    {
        TargetStatus.Succeeded => "green",
        TargetStatus.Failed or TargetStatus.Aborted => "red",
        TargetStatus.NotRun => "yellow",
        _ => "grey",
    };

    static string Icon(TargetStatus status) => status switch
    {
        TargetStatus.Succeeded => "✅",
        TargetStatus.Failed => "❌",
        TargetStatus.Aborted => "🛑",
        TargetStatus.NotRun => "⏸️",
        _ => "⏭️",
    };
}
