namespace CudaImages;

/// <summary>Sizes as people write them (300MB, 4GB, 1.5GiB), in bytes.</summary>
public static class Size
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var m = System.Text.RegularExpressions.Regex.Match(text.Trim(' '), @"\A([0-9]{1,15}(?:\.[0-9]{1,15})?) *([KMGT]i?B|B)?\z",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        if (!m.Success) return false;
        var number = double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var unit = m.Groups[2].Value.ToUpperInvariant();
        double factor = unit switch
        {
            "" or "B" => 1,
            "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "KIB" => 1L << 10,
            "MIB" => 1L << 20,
            "GIB" => 1L << 30,
            "TIB" => 1L << 40,
            _ => 0,
        };
        // A budget beyond what a long holds is a typo, not a size.
        if (factor == 0 || number * factor >= long.MaxValue) return false;
        bytes = (long)(number * factor);
        return true;
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1_000_000_000 => $"{bytes / 1e9:0.00} GB",
        >= 1_000_000 => $"{bytes / 1e6:0.0} MB",
        >= 1_000 => $"{bytes / 1e3:0.0} kB",
        _ => $"{bytes} B",
    };
}
