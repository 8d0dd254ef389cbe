using System.Globalization;
using CudaImages.Model;

namespace CudaImages.Reporting;

/// <summary>One bar: an image's uncompressed size, where it stands in the SVG, and the words on and under it.</summary>
public sealed record ChartBar(string Tag, string Flavor, string Color, string X, string Y, string Width, string Height,
    string Label, string LabelX, string LabelY, string FlavorY);

/// <summary>A CUDA release on a distro: the bars of its flavors side by side.</summary>
public sealed record ChartGroup(string Cuda, string Distro, string CenterX, string LabelY);

public sealed record ChartTick(string Y, string Label);

public sealed record ChartLegendEntry(string Flavor, string Color, bool Framework);

/// <summary>
/// Grouped bars of measured image sizes: one group per CUDA release and distro, one bar per flavor in chain order
/// (base, runtime, devel, then frameworks). Geometry only; the page template draws it. Null when nothing was measured.
/// </summary>
public sealed record SizeChart(
    string Width,
    string Height,
    string PlotLeft,
    string PlotRight,
    string PlotTop,
    string PlotBottom,
    string PlotMiddle,
    string Unit,
    IReadOnlyList<ChartTick> Ticks,
    IReadOnlyList<ChartGroup> Groups,
    IReadOnlyList<ChartBar> Bars,
    IReadOnlyList<ChartLegendEntry> Legend,
    IReadOnlyList<string> NotMeasured)
{
    const double Left = 72, Right = 16, Top = 28, PlotHeight = 240, Bottom = 64;
    const double BarWidth = 52, BarGap = 8, GroupPadding = 20, MinimumWidth = 760;

    // Okabe–Ito colours, distinguishable with colour-vision deficiencies; every bar also carries its size as text.
    static readonly string[] ChainColors = ["#56B4E9", "#009E73", "#E69F00", "#0072B2"];
    static readonly string[] FrameworkColors = ["#CC79A7", "#D55E00", "#7F7F7F"];

    public static SizeChart? From(ReportFile report)
    {
        var measured = report.Images.Where(i => i.SizeBytes is not null).ToList();
        if (measured.Count == 0) return null;

        var flavors = FlavorOrder(report.Images).Where(f => measured.Any(i => i.Flavor == f.Flavor)).ToList();
        var legend = new List<ChartLegendEntry>();
        int chain = 0, framework = 0;
        foreach (var (flavor, isFramework) in flavors)
            legend.Add(new(flavor, isFramework ? FrameworkColors[framework++ % FrameworkColors.Length] : ChainColors[chain++ % ChainColors.Length], isFramework));
        var rank = legend.Select((l, i) => (l.Flavor, i)).ToDictionary(x => x.Flavor, x => x.i);

        var max = measured.Max(i => i.SizeBytes!.Value);
        var (unit, divisor) = max >= 1_000_000_000 ? ("GB", 1e9) : ("MB", 1e6);
        var step = NiceStep(max / divisor / 5);
        var top = Math.Max(step, Math.Ceiling(max / divisor / step) * step);
        double YOf(double value) => Top + PlotHeight - value / top * PlotHeight;

        var grouped = measured.GroupBy(i => (i.Cuda, i.Distro)).OrderBy(g => CudaOrder(g.Key.Cuda)).ThenBy(g => g.Key.Distro, StringComparer.Ordinal).ToList();
        // A few groups are spread over a readable width rather than huddled at the axis.
        var natural = Left + Right + grouped.Sum(g => 2 * GroupPadding + g.Count() * (BarWidth + BarGap) - BarGap);
        var padding = GroupPadding + Math.Max(0, MinimumWidth - natural) / grouped.Count / 2;

        var groups = new List<ChartGroup>();
        var bars = new List<ChartBar>();
        var x = Left;
        foreach (var group in grouped)
        {
            var start = x;
            x += padding;
            foreach (var image in group.OrderBy(i => rank[i.Flavor]))
            {
                var value = image.SizeBytes!.Value / divisor;
                var y = YOf(value);
                bars.Add(new(image.Tag, image.Flavor, legend[rank[image.Flavor]].Color, N(x), N(y), N(BarWidth), N(Top + PlotHeight - y),
                    Size.Format(image.SizeBytes.Value), N(x + BarWidth / 2), N(y - 6), N(Top + PlotHeight + 16)));
                x += BarWidth + BarGap;
            }
            x += padding - BarGap;
            groups.Add(new(group.Key.Cuda, group.Key.Distro, N((start + x) / 2), N(Top + PlotHeight + 38)));
        }

        var ticks = Enumerable.Range(0, (int)Math.Round(top / step) + 1)
            .Select(i => new ChartTick(N(YOf(i * step)), $"{(i * step).ToString("0.##", CultureInfo.InvariantCulture)} {unit}"))
            .ToList();
        return new(N(x + Right), N(Top + PlotHeight + Bottom), N(Left), N(x), N(Top), N(Top + PlotHeight), N(Top + PlotHeight / 2), unit, ticks, groups, bars, legend,
            report.Images.Where(i => i.SizeBytes is null).Select(i => i.Tag).ToList());
    }

    /// <summary>Flavors in chain order — base, runtime, devel — then the framework flavors, each by its depth in the chain.</summary>
    public static IReadOnlyList<(string Flavor, bool Framework)> FlavorOrder(IReadOnlyList<ReportImage> images)
    {
        var byTag = images.ToDictionary(i => i.Tag);
        int Depth(ReportImage image) =>
            image.Parent is { } parent && byTag.TryGetValue(parent, out var p) ? 1 + Depth(p) : 0;
        return images
            .GroupBy(i => i.Flavor)
            .Select(g => (Flavor: g.Key, Framework: g.Any(i => i.Framework is not null), Depth: g.Min(Depth)))
            .OrderBy(f => f.Framework).ThenBy(f => f.Depth).ThenBy(f => f.Flavor, StringComparer.Ordinal)
            .Select(f => (f.Flavor, f.Framework))
            .ToList();
    }

    static (int, int, int) CudaOrder(string cuda)
    {
        var parts = cuda.Split('.').Select(p => int.TryParse(p, out var n) ? n : 0).Concat([0, 0, 0]).ToArray();
        return (parts[0], parts[1], parts[2]);
    }

    static double NiceStep(double raw)
    {
        if (raw <= 0) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
    }

    static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
