namespace CudaImages.Sizes;

/// <summary>A Python distribution installed in an image: its name, version and licence as its metadata states them.</summary>
public sealed record PythonDistribution(string Name, string Version, string? Licence);

/// <summary>
/// The core metadata of an installed Python distribution: &lt;name&gt;.dist-info/METADATA (pip, wheels) or
/// &lt;name&gt;.egg-info/PKG-INFO and single-file .egg-info (setuptools, Debian's python3-* packages).
/// </summary>
public static class PythonMetadata
{
    /// <summary>Whether a path is a distribution's metadata file under a site-packages or dist-packages folder.</summary>
    public static bool IsMetadata(string path)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(path) ?? "");
        var name = Path.GetFileName(path);
        if (folder is "site-packages" or "dist-packages")
            return name.EndsWith(".egg-info", StringComparison.Ordinal);
        var parent = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path)) ?? "");
        return parent is "site-packages" or "dist-packages"
               && ((name == "METADATA" && folder.EndsWith(".dist-info", StringComparison.Ordinal))
                   || (name == "PKG-INFO" && folder.EndsWith(".egg-info", StringComparison.Ordinal)));
    }

    /// <summary>The distribution its headers describe, or null without a name and version. The licence is License-Expression, else License, else the License classifiers.</summary>
    public static PythonDistribution? Parse(TextReader metadata)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var classifiers = new List<string>();
        while (metadata.ReadLine() is { Length: > 0 } line)
        {
            if (line[0] is ' ' or '\t') continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var (key, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (key.Equals("Classifier", StringComparison.OrdinalIgnoreCase) && value.StartsWith("License ::", StringComparison.Ordinal))
                classifiers.Add(value.Split("::").Last().Trim());
            else
                fields.TryAdd(key, value);
        }
        if (!fields.TryGetValue("Name", out var name) || !fields.TryGetValue("Version", out var version) || name.Length == 0 || version.Length == 0)
            return null;
        var licence = fields.GetValueOrDefault("License-Expression") is { Length: > 0 } expression ? expression
            : fields.GetValueOrDefault("License") is { Length: > 0 } stated && stated != "UNKNOWN" ? stated
            : classifiers.Count > 0 ? string.Join(" AND ", classifiers)
            : null;
        return new PythonDistribution(name, version, licence);
    }
}
