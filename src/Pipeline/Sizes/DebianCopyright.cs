namespace CudaImages.Sizes;

/// <summary>
/// /usr/share/doc/&lt;package&gt;/copyright in Debian's machine-readable format (DEP-5, "copyright-format/1.0"): the
/// License fields of its header and Files paragraphs. A free-form copyright file names no licence we can read.
/// </summary>
public static class DebianCopyright
{
    public const string Folder = "/usr/share/doc/";
    public const string FileName = "copyright";

    /// <summary>The package a path like /usr/share/doc/libcublas11/copyright documents, or null for any other path.</summary>
    public static string? PackageOf(string path)
    {
        if (!path.StartsWith(Folder, StringComparison.Ordinal) || !path.EndsWith("/" + FileName, StringComparison.Ordinal)) return null;
        var package = path[Folder.Length..^(FileName.Length + 1)];
        return package.Length == 0 || package.Contains('/') ? null : package;
    }

    /// <summary>
    /// The distinct licence expressions (first line of each License field, as Debian writes them: "GPL-2+", "GPL-2+ or
    /// Artistic", "other-NVIDIA-CUDA-TOOLKIT-11.6.2"), in order; null when the file is not machine-readable.
    /// </summary>
    public static IReadOnlyList<string>? Licences(TextReader copyright)
    {
        var licences = new List<string>();
        var first = true;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var paragraph = false;
        while (true)
        {
            var line = copyright.ReadLine();
            if (line is null || line.Trim().Length == 0)
            {
                if (paragraph)
                {
                    if (first && !(fields.TryGetValue("Format", out var format) && (format.Contains("copyright-format", StringComparison.OrdinalIgnoreCase) || format.Contains("dep5", StringComparison.OrdinalIgnoreCase))))
                        return null;
                    // Header and Files paragraphs say what applies; a stand-alone License paragraph only gives a named text.
                    if ((first || fields.ContainsKey("Files")) && fields.TryGetValue("License", out var licence) && licence.Length > 0 && !licences.Contains(licence))
                        licences.Add(licence);
                    first = false;
                    paragraph = false;
                    fields.Clear();
                }
                if (line is null) return licences;
                continue;
            }
            paragraph = true;
            if (line[0] is ' ' or '\t' || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            fields.TryAdd(line[..colon], line[(colon + 1)..].Trim());
        }
    }
}
