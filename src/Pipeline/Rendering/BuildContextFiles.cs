using CudaImages.Loading;
using CudaImages.Planning;

namespace CudaImages.Rendering;

/// <summary>
/// The files a Dockerfile copies from images/context/: found from its COPY and ADD lines, so the
/// build context holds exactly what the Dockerfile uses and the input hash covers all of it.
/// </summary>
public static class BuildContextFiles
{
    public const string Folder = "context";

    public static IReadOnlyList<ContextFile> Of(string dockerfile, string imagesDirectory, string templateForErrors,
        System.Collections.Concurrent.ConcurrentDictionary<string, ContextFile> cache)
    {
        var root = Path.Combine(imagesDirectory, Folder);
        var files = new List<ContextFile>();
        foreach (var (line, number) in Instructions(dockerfile))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 3) continue;
            var instruction = words[0].ToUpperInvariant();
            if (instruction is not ("COPY" or "ADD")) continue;
            var args = words.Skip(1).ToList();
            if (args.Any(a => a.StartsWith("--from=", StringComparison.Ordinal))) continue;
            var sources = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1);
            foreach (var source in sources)
            {
                if (source.Contains("://")) continue;
                var relative = source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source.TrimStart('/');
                var full = Path.GetFullPath(Path.Combine(root, relative));
                if (!full.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal))
                    throw Missing(templateForErrors, number, source, "must stay inside images/context/");
                if (Directory.Exists(full))
                {
                    foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
                        files.Add(Hashed(Path.GetRelativePath(root, file).Replace('\\', '/'), file, cache));
                }
                else if (File.Exists(full))
                    files.Add(Hashed(relative, full, cache));
                else
                    throw Missing(templateForErrors, number, source, "add the file to images/context/ or fix the COPY line");
            }
        }
        return files.DistinctBy(f => f.Path).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    static ContextFile Hashed(string relative, string full, System.Collections.Concurrent.ConcurrentDictionary<string, ContextFile> cache)
    {
        if (cache.TryGetValue(full, out var known)) return known;
        var file = new ContextFile(relative, full, InputHash.Sha256(File.ReadAllBytes(full)));
        cache[full] = file;
        return file;
    }

    static MatrixException Missing(string template, int line, string source, string hint) =>
        new([new MatrixError($"images/templates/{template}", 1, 1,
            $"the rendered Dockerfile's line {line} copies '{source}', which is not in images/{Folder}/", hint)]);

    /// <summary>Dockerfile instructions with continuation lines joined, and the line each starts on.</summary>
    static IEnumerable<(string Line, int Number)> Instructions(string dockerfile)
    {
        var lines = dockerfile.Split('\n');
        var current = new System.Text.StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (current.Length == 0)
            {
                if (line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line)) continue;
                start = i + 1;
            }
            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }
            current.Append(line);
            yield return (current.ToString().Trim(), start);
            current.Clear();
        }
        if (current.Length > 0) yield return (current.ToString().Trim(), start);
    }
}
