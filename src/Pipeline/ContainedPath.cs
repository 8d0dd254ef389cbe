namespace CudaImages;

/// <summary>
/// Where a path really leads, symbolic links and .. resolved as the operating system resolves them, and whether
/// that is inside a folder: a file of images/ that is a link to /etc/passwd must not reach artifacts/.
/// </summary>
public static class ContainedPath
{
    const int MaxLinks = 40;

    /// <summary>The path with every symbolic link and . and .. resolved, component by component (realpath(3)).</summary>
    public static string Real(string path)
    {
        var links = 0;
        return Resolve(Path.IsPathFullyQualified(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path), ref links);
    }

    static string Resolve(string path, ref int links)
    {
        var root = Path.GetPathRoot(path)!;
        var current = root;
        foreach (var part in path[root.Length..].Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            // current is already real, so its parent is the physical parent, as the kernel resolves link/..
            if (part == "..") { current = Path.GetDirectoryName(current) ?? root; continue; }
            current = Path.Combine(current, part);
            if (new FileInfo(current).LinkTarget is not { } target) continue;
            if (++links > MaxLinks) throw new IOException($"{path}: too many levels of symbolic links");
            current = Resolve(Path.IsPathFullyQualified(target) ? target : Path.Combine(Path.GetDirectoryName(current)!, target), ref links);
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> really is <paramref name="folder"/> or below it (a sibling sharing its name's prefix is not).</summary>
    public static bool IsInside(string path, string folder)
    {
        var real = Real(path);
        var root = Path.TrimEndingDirectorySeparator(Real(folder));
        return real == root || real.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Whether the relative path, read lexically, stays below its folder: no rooted path, no .. that climbs out.</summary>
    public static bool StaysBelow(string relative)
    {
        if (Path.IsPathRooted(relative)) return false;
        var depth = 0;
        foreach (var part in relative.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            depth += part switch { ".." => -1, "." => 0, _ => 1 };
            if (depth < 0) return false;
        }
        return true;
    }
}
