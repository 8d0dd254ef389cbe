namespace CudaImages.Sizes;

/// <summary>One installed package as var/lib/dpkg/status lists it.</summary>
public sealed record DpkgPackage(string Name, string Architecture, string Version, long InstalledBytes)
{
    public string Key => $"{Name}:{Architecture}";

    /// <summary>The source package it was built from: its Source field, else its own name (dpkg leaves the field out then).</summary>
    public string Source { get; init; } = Name;

    /// <summary>The source package's version: the one in parentheses after Source, else the package's own.</summary>
    public string SourceVersion { get; init; } = Version;

    /// <summary>The archive section, with its area in front outside main: "non-free/libs", "contrib/devel", "libs".</summary>
    public string Section { get; init; } = "";
}

/// <summary>
/// var/lib/dpkg/status: the packages installed in a root filesystem. A layer that installs packages carries the
/// whole file, so what the layer installs is its status less the status of the layer below.
/// </summary>
public static class DpkgStatus
{
    public const string Path = "/var/lib/dpkg/status";

    /// <summary>Installed packages by <see cref="DpkgPackage.Key"/>; removed or half-installed ones are left out.</summary>
    public static IReadOnlyDictionary<string, DpkgPackage> Parse(TextReader status)
    {
        var packages = new Dictionary<string, DpkgPackage>();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var line = status.ReadLine();
            if (line is null || line.Length == 0)
            {
                if (Package(fields) is { } package) packages[package.Key] = package;
                fields.Clear();
                if (line is null) return packages;
                continue;
            }
            if (line[0] is ' ' or '\t') continue; // continuation of a multi-line field (Description, Conffiles)
            var colon = line.IndexOf(':');
            if (colon > 0) fields[line[..colon]] = line[(colon + 1)..].Trim();
        }
    }

    /// <summary>The packages <paramref name="status"/> has that <paramref name="below"/> has not (or has in another version), largest first.</summary>
    public static IReadOnlyList<PackageSize> Installed(IReadOnlyDictionary<string, DpkgPackage>? below, IReadOnlyDictionary<string, DpkgPackage> status, int top) =>
        [.. status.Values
            .Where(p => below is null || !below.TryGetValue(p.Key, out var before) || before.Version != p.Version)
            .OrderByDescending(p => p.InstalledBytes).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Take(top)
            .Select(p => new PackageSize(p.Name, p.Version, p.InstalledBytes))];

    static DpkgPackage? Package(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("Package", out var name) || !fields.TryGetValue("Status", out var state))
            return null;
        // "install ok installed": the last word is the state; "config-files" and the like are not installed.
        if (!state.EndsWith(" installed", StringComparison.Ordinal))
            return null;
        // Installed-Size is in KiB.
        var kib = fields.TryGetValue("Installed-Size", out var size) && long.TryParse(size, out var k) ? k : 0;
        var version = fields.GetValueOrDefault("Version", "");
        // "Source: nvidia-cuda-toolkit (11.8.0-5~deb12u1)" when the source's version differs from the package's.
        var source = fields.GetValueOrDefault("Source", name).Split(' ', 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new DpkgPackage(name, fields.GetValueOrDefault("Architecture", ""), version, kib * 1024)
        {
            Source = source.Length > 0 ? source[0] : name,
            SourceVersion = source.Length > 1 ? source[1].Trim('(', ')', ' ') : version,
            Section = fields.GetValueOrDefault("Section", ""),
        };
    }
}
