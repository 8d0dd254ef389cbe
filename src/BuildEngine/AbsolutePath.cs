namespace CudaImages.BuildEngine;

/// <summary>A normalized absolute file-system path; build paths with <c>RootDirectory / "artifacts"</c>.</summary>
public readonly struct AbsolutePath : IEquatable<AbsolutePath>
{
    readonly string? _path;

    AbsolutePath(string path) => _path = path;

    /// <summary>Resolves a relative path against the current directory, as Nuke does for command-line values.</summary>
    public static AbsolutePath Create(string path) => new(Normalize(Path.GetFullPath(path)));

    internal static AbsolutePath Create(string path, AbsolutePath relativeTo) =>
        Path.IsPathRooted(path) ? Create(path) : relativeTo / path;

    public static implicit operator AbsolutePath(string path) => Create(path);

    public static implicit operator string(AbsolutePath path) => path.ToString();

    public static AbsolutePath operator /(AbsolutePath left, string right) =>
        new(Normalize(Path.GetFullPath(Path.Combine(left.ToString(), right))));

    public static bool operator ==(AbsolutePath left, AbsolutePath right) => left.Equals(right);

    public static bool operator !=(AbsolutePath left, AbsolutePath right) => !left.Equals(right);

    public AbsolutePath? Parent => Path.GetDirectoryName(ToString()) is { } parent ? new AbsolutePath(parent) : (AbsolutePath?)null;

    public string Name => Path.GetFileName(ToString());

    public string NameWithoutExtension => Path.GetFileNameWithoutExtension(ToString());

    public bool Exists() => FileExists() || DirectoryExists();

    public bool FileExists() => File.Exists(ToString());

    public bool DirectoryExists() => Directory.Exists(ToString());

    public AbsolutePath CreateDirectory()
    {
        Directory.CreateDirectory(ToString());
        return this;
    }

    public bool Equals(AbsolutePath other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is AbsolutePath other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    public override string ToString() => _path ?? string.Empty;

    // A trailing separator would make "/a/" and "/a" two different paths.
    static string Normalize(string fullPath) =>
        fullPath.Length > Path.GetPathRoot(fullPath)!.Length
            ? fullPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
            : fullPath;
}
