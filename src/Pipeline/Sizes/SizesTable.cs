using Spectre.Console;
using Spectre.Console.Rendering;
using Size = CudaImages.Size;

namespace CudaImages.Sizes;

/// <summary>The sizes as people read them: one row per image, and the deltas against a baseline.</summary>
public static class SizesTable
{
    /// <summary>Columns in CI logs, where the largest files should not fold into a narrow column.</summary>
    public const int LogWidth = 200;

    public static IRenderable Render(SizesFile sizes)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Image", "Size", "Added over parent", "Compressed", "Budget", "Status", "Largest added");
        foreach (var image in sizes.Images)
            table.AddRow(
                Markup.Escape(image.Tag),
                Size.Format(image.UncompressedBytes),
                Size.Format(image.AddedBytes),
                image.Compressed is { } c ? $"{Size.Format(c.Bytes)} ({(c.Source == CompressedSource.Registry ? "registry" : "estimate")})" : "-",
                image.BudgetBytes is { } budget ? Size.Format(budget) : "-",
                Status(image),
                Markup.Escape(LargestAdded(image)));
        foreach (var image in sizes.NotMeasured)
            table.AddRow(Markup.Escape(image.Tag), "-", "-", "-", "-", $"[grey]not measured: {Markup.Escape(image.Reason)}[/]", "");
        return table;
    }

    public static IRenderable Render(SizeComparison comparison)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Image", "Baseline", "Now", "Δ MB", "Δ %", "");
        foreach (var image in comparison.Images)
            table.AddRow(
                Markup.Escape(image.Tag),
                image.BaselineBytes is { } before ? Size.Format(before) : "-",
                image.CurrentBytes is { } now ? Size.Format(now) : "-",
                image.DeltaMegabytes,
                image.DeltaPercentText,
                image.Flagged ? $"[yellow]{Markup.Escape(image.Remark)}[/]" : Markup.Escape(image.Remark));
        return table;
    }

    static string Status(ImageSize image) =>
        image.OverBudgetBytes is { } over ? $"[red]over budget by {Size.Format(over)}[/]"
        : image.BudgetBytes is { } budget ? $"[green]ok[/] ({100.0 * image.UncompressedBytes / budget:0} % of budget)"
        : "no budget";

    /// <summary>The three largest packages the image's own layers install, or its largest files where no package is installed.</summary>
    public static string LargestAdded(ImageSize image)
    {
        var own = image.Layers.Where(l => !l.FromParent).ToList();
        var packages = own.SelectMany(l => l.LargestPackages).OrderByDescending(p => p.Bytes).Take(3).ToList();
        if (packages.Count > 0)
            return string.Join(", ", packages.Select(p => $"{p.Name} {Size.Format(p.Bytes)}"));
        var files = own.SelectMany(l => l.LargestFiles).OrderByDescending(f => f.Bytes).Take(3).ToList();
        return string.Join(", ", files.Select(f => $"{f.Path} {Size.Format(f.Bytes)}"));
    }
}
