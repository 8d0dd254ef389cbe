using System.Collections.Concurrent;
using System.Diagnostics;
using CudaImages.Planning;
using Spectre.Console;

namespace CudaImages.Building;

/// <summary>On a terminal: a live table of the images being built, their current step and elapsed time.</summary>
public sealed class LiveBuildProgress : IBuildProgress, IAsyncDisposable
{
    sealed record Row(string Tag, string State, string Step, Stopwatch Clock);

    readonly List<string> order;

    readonly ConcurrentDictionary<string, Row> rows = new();
    readonly CancellationTokenSource stop = new();
    readonly Task display;
    readonly Stopwatch total = Stopwatch.StartNew();

    public LiveBuildProgress(IEnumerable<ImageSpec> images)
    {
        order = images.Select(i => i.Tag).ToList();
        foreach (var tag in order) rows[tag] = new Row(tag, "waiting", "", new Stopwatch());
        display = AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            while (!stop.IsCancellationRequested)
            {
                context.UpdateTarget(Render());
                try { await Task.Delay(250, stop.Token); } catch (OperationCanceledException) { }
            }
            context.UpdateTarget(Render());
        });
    }

    public void Started(ImageSpec image) => rows[image.Tag] = new Row(image.Tag, "[yellow]building[/]", "", Stopwatch.StartNew());

    public void Step(ImageSpec image, string step) => rows.AddOrUpdate(image.Tag,
        _ => new Row(image.Tag, "[yellow]building[/]", step, Stopwatch.StartNew()),
        (_, row) => row with { Step = step });

    public void Finished(ImageBuildRecord record) => rows.AddOrUpdate(record.Tag,
        _ => new Row(record.Tag, State(record), record.Note ?? "", new Stopwatch()),
        (_, row) =>
        {
            row.Clock.Stop();
            return row with { State = State(record), Step = record.FailedStep ?? record.Note ?? "" };
        });

    static string State(ImageBuildRecord record) => record.Status switch
    {
        ImageBuildStatus.Built => "[green]built[/]",
        ImageBuildStatus.Skipped => "[grey]skipped[/]",
        ImageBuildStatus.CurrentInRegistry => "[grey]current in registry[/]",
        ImageBuildStatus.Failed => "[red]failed[/]",
        _ => "[grey]not run[/]",
    };

    Table Render()
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"BuildImages {total.Elapsed:mm\\:ss}")
            .AddColumns("Image", "State", "Step", "Elapsed");
        foreach (var row in order.Select(tag => rows[tag]))
        {
            var step = row.Step.Length > 70 ? row.Step[..67] + "..." : row.Step;
            table.AddRow(Markup.Escape(row.Tag), row.State, Markup.Escape(step),
                row.Clock.ElapsedMilliseconds == 0 ? "" : $"{row.Clock.Elapsed:mm\\:ss}");
        }
        return table;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await display;
        stop.Dispose();
    }
}
