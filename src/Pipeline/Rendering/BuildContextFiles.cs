using System.Security.Cryptography;

namespace CudaImages.Rendering;

/// <summary>
/// The files a Dockerfile copies from images/context/: found from its COPY and ADD lines, so the
/// build context holds exactly what the Dockerfile uses and the input hash covers all of it.
/// </summary>
public static class BuildContextFiles
{
    public const string Folder = "context";

    public static IReadOnlyList<ContextFile> Of(string dockerfile, string imagesDirectory, DockerfileTemplates templates, string template,
        System.Collections.Concurrent.ConcurrentDictionary<string, ContextFile> cache, IReadOnlySet<string>? generated = null)
    {
        var root = Path.Combine(imagesDirectory, Folder);
        var files = new List<ContextFile>();
        foreach (var (line, number) in DockerfileInstructions.Of(dockerfile))
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
                if (source.Contains("://") || generated?.Contains(source) == true) continue;
                MatrixException Refused(string message, string hint) =>
                    new([templates.Locate(template, source, $"the rendered Dockerfile's line {number} copies '{source}', {message}", hint)]);

                var relative = source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source.TrimStart('/');
                // Lexically and after links: a .. that climbs out, or a link that leads out, would copy a host file into artifacts/.
                if (!ContainedPath.StaysBelow(relative) || !ContainedPath.IsInside(Path.Combine(root, relative), root))
                    throw Refused($"which leads outside images/{Folder}/", $"COPY only files inside images/{Folder}/ (no .., no links that lead out)");
                var path = Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(root, relative))).Replace('\\', '/');
                var full = Path.Combine(root, path);
                if (Directory.Exists(full))
                {
                    foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
                    {
                        if (!ContainedPath.IsInside(file, root))
                            throw Refused($"whose {Path.GetRelativePath(root, file)} is a link leading outside images/{Folder}/", "replace the link with the file itself");
                        files.Add(Hashed(Path.GetRelativePath(root, file).Replace('\\', '/'), file, cache));
                    }
                }
                else if (File.Exists(full))
                    files.Add(Hashed(path, full, cache));
                else
                    throw Refused($"which is not in images/{Folder}/", $"add the file to images/{Folder}/ or fix the COPY line");
            }
        }
        return files.DistinctBy(f => f.Path).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    static ContextFile Hashed(string relative, string full, System.Collections.Concurrent.ConcurrentDictionary<string, ContextFile> cache)
    {
        if (cache.TryGetValue(full, out var known)) return known;
        var file = new ContextFile(relative, full, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full))));
        cache[full] = file;
        return file;
    }
}
