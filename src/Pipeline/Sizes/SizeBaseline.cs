using System.Globalization;
using System.Text;
using CudaImages.Model;

namespace CudaImages.Sizes;

public enum DeltaKind { Compared, New, Gone }

/// <summary>One image's uncompressed size now against a baseline sizes.json.</summary>
public sealed record SizeDelta(string Tag, DeltaKind Kind, long? BaselineBytes, long? CurrentBytes, bool Flagged, string? Note = null)
{
    public long? DeltaBytes => BaselineBytes is { } before && CurrentBytes is { } now ? now - before : null;

    public double? DeltaPercent => BaselineBytes is > 0 && DeltaBytes is { } delta ? 100.0 * delta / BaselineBytes.Value : null;

    public string DeltaMegabytes => DeltaBytes is { } delta ? (delta / 1e6).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "";

    public string DeltaPercentText => DeltaPercent is { } percent ? percent.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : "";

    public string Remark => Kind switch
    {
        DeltaKind.New => "new: not in the baseline",
        DeltaKind.Gone => Note is null ? "not measured now" : $"not measured now: {Note}",
        _ => Flagged ? "grew more than the threshold" : "",
    };
}

/// <summary>This run's sizes against a baseline: every image of either, growth beyond the threshold flagged.</summary>
public sealed record SizeComparison(string Baseline, DateTimeOffset BaselineMeasuredAt, double ThresholdPercent, IReadOnlyList<SizeDelta> Images)
{
    public IReadOnlyList<SizeDelta> Flagged => [.. Images.Where(i => i.Flagged)];

    /// <summary>A GitHub-flavored Markdown section for the job summary.</summary>
    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine("### Image sizes against the baseline").AppendLine();
        md.AppendLine($"Baseline `{Baseline}`, measured {BaselineMeasuredAt:yyyy-MM-dd HH:mm} UTC; growth above " +
                      $"{ThresholdPercent.ToString("0.##", CultureInfo.InvariantCulture)} % is flagged.").AppendLine();
        md.AppendLine("| Image | Baseline | Now | Δ MB | Δ % | |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var image in Images)
            md.AppendLine($"| {Cell(image.Tag)} | {Bytes(image.BaselineBytes)} | {Bytes(image.CurrentBytes)} | {image.DeltaMegabytes} | " +
                          $"{image.DeltaPercentText} | {(image.Flagged ? "⚠️ " : "")}{Cell(image.Remark)} |");
        return md.AppendLine().ToString();
    }

    static string Bytes(long? bytes) => bytes is { } b ? Size.Format(b) : "–";

    static string Cell(string text) => text.Replace("|", "\\|");
}

/// <summary>--baseline: a sizes.json of an earlier run to compare this run's sizes with.</summary>
public static class SizeBaseline
{
    /// <summary>A missing or unreadable file is bad input, named with the fix.</summary>
    public static SizesFile Read(string path)
    {
        SizesFile file;
        try
        {
            file = SizesFile.Read(path);
        }
        catch (FileNotFoundException)
        {
            throw new InputException($"--baseline {path} does not exist: pass the sizes.json of an earlier MeasureSizes run (artifacts/sizes.json), or leave --baseline out");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e.Message.TrimEnd('.'));
        }
        return file.Images is null || file.Images.Any(i => i?.Tag is null) ? throw Unreadable(path, "it lists no images") : file;
    }

    static InputException Unreadable(string path, string why) =>
        new($"--baseline {path} cannot be read as a sizes.json ({why}): pass the sizes.json of an earlier MeasureSizes run, or leave --baseline out");

    public static SizeComparison Compare(SizesFile baseline, SizesFile current, double thresholdPercent, string baselineName)
    {
        var before = baseline.Images.GroupBy(i => i.Tag).ToDictionary(g => g.Key, g => g.First().UncompressedBytes);
        var deltas = new List<SizeDelta>();
        foreach (var image in current.Images)
        {
            if (!before.TryGetValue(image.Tag, out var was))
            {
                deltas.Add(new SizeDelta(image.Tag, DeltaKind.New, null, image.UncompressedBytes, false));
                continue;
            }
            var delta = new SizeDelta(image.Tag, DeltaKind.Compared, was, image.UncompressedBytes, false);
            deltas.Add(delta with { Flagged = delta.DeltaPercent > thresholdPercent });
        }
        var measured = current.Images.Select(i => i.Tag).ToHashSet();
        foreach (var (tag, was) in before.Where(b => !measured.Contains(b.Key)))
            deltas.Add(new SizeDelta(tag, DeltaKind.Gone, was, null, false, current.NotMeasured.FirstOrDefault(n => n.Tag == tag)?.Reason));
        return new SizeComparison(baselineName, baseline.MeasuredAt, thresholdPercent, deltas);
    }
}
