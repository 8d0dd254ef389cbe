using Spectre.Console;
using Spectre.Console.Rendering;

namespace CudaImages.Planning;

/// <summary>The plan as people read it: one row per image.</summary>
public static class PlanTable
{
    /// <summary>Columns in CI logs: a plan row carries tags, aliases and hashes.</summary>
    public const int LogWidth = 240;

    public static IRenderable Render(BuildPlan plan)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Tag", "Aliases", "Flavor", "Parent", "CUDA", "Distro", "Package source", "Input hash");
        foreach (var image in plan.Images)
            table.AddRow(
                Markup.Escape(image.Tag),
                Markup.Escape(image.Aliases.Count == 0 ? "-" : string.Join(", ", image.Aliases)),
                Markup.Escape(image.Flavor),
                Markup.Escape(image.Parent ?? image.BaseImage),
                Markup.Escape(image.Cuda.Full),
                Markup.Escape(image.Distro.Id),
                Markup.Escape(image.Distro.Source.Id),
                Markup.Escape(image.ShortHash));
        return table;
    }
}
