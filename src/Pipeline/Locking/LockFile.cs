using System.Text;
using System.Text.RegularExpressions;

namespace CudaImages.Locking;

/// <summary>One package at the exact version an image's install step ends up with, and the archive suite it comes from (bookworm, bookworm-security...).</summary>
public sealed record LockedPackage(string Name, string Version, string Suite)
{
    /// <summary>Versions from a security suite are security updates.</summary>
    public bool IsSecurityUpdate => Suite.EndsWith("-security", StringComparison.Ordinal);

    /// <summary>As apt and dpkg-query write a pin: name=version.</summary>
    public string Pin => $"{Name}={Version}";
}

/// <summary>
/// What one image's install step adds over its parent: every package it installs or changes, named or pulled in as a
/// dependency. <see cref="Line"/> is where its section starts in the lock file.
/// </summary>
public sealed record ImageLock(string Tag, IReadOnlyList<LockedPackage> Packages, int Line = 0)
{
    public LockedPackage? Find(string name) => Packages.FirstOrDefault(p => p.Name == name);
}

/// <summary>
/// images/locks/&lt;distro&gt;.lock: for each image of one distro, the packages its install step adds, resolved by
/// <c>./build.sh Lock</c> against the real archive. One file per distro: a distro's images share one archive, so one
/// archive change shows as one diff in one file. Plain text, one package per line, sorted, so that a diff reads as
/// the package changes:
/// <code>
/// [11.8.0-base-debian12]
/// libcudart11.0 11.8.89~11.8.0-5~deb12u1 bookworm
/// </code>
/// </summary>
public sealed record LockFile(string Distro, string DisplayPath, IReadOnlyList<ImageLock> Images)
{
    public const string Folder = "locks";
    public const string Extension = ".lock";
    public const long MaxBytes = 1 << 20;

    static readonly Regex Section = new(@"^\[([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})\]$", RegexOptions.CultureInvariant);
    static readonly Regex Name = new("^[a-z0-9][a-z0-9+.-]+$", RegexOptions.CultureInvariant);
    static readonly Regex Version = new("^([0-9]{1,9}:)?[0-9][A-Za-z0-9.+~]*(-[A-Za-z0-9.+~]+)*$", RegexOptions.CultureInvariant);
    static readonly Regex Suite = new("^[a-z0-9][a-z0-9.-]*$", RegexOptions.CultureInvariant);

    public ImageLock? Find(string tag) => Images.FirstOrDefault(i => i.Tag == tag);

    public static string FileName(string distro) => distro + Extension;

    /// <summary>Reads a lock file's text; every problem is a located error (<paramref name="displayPath"/>:line:column).</summary>
    public static LockFile Parse(string distro, string displayPath, string text)
    {
        var errors = new List<MatrixError>();
        var images = new List<ImageLock>();
        (string Tag, int Line, List<LockedPackage> Packages)? current = null;
        var fix = $"run ./build.sh Lock --distro {distro} to write the file again, or restore it from git";

        void Close()
        {
            if (current is { } c) images.Add(new ImageLock(c.Tag, c.Packages, c.Line));
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('['))
            {
                var match = Section.Match(line);
                if (!match.Success)
                {
                    errors.Add(new MatrixError(displayPath, number, 1, $"'{line}' is not a section header", "write [<image tag>], e.g. [11.8.0-base-debian12]; " + fix));
                    continue;
                }
                var tag = match.Groups[1].Value;
                if (images.Any(x => x.Tag == tag) || current?.Tag == tag)
                    errors.Add(new MatrixError(displayPath, number, 1, $"the section [{tag}] appears twice", "keep one; " + fix));
                Close();
                current = (tag, number, []);
                continue;
            }
            var fields = line.Split(' ');
            if (current is null)
            {
                errors.Add(new MatrixError(displayPath, number, 1, "a package line before any [<image tag>] section", fix));
                continue;
            }
            if (fields.Length != 3)
            {
                errors.Add(new MatrixError(displayPath, number, 1, $"'{line}' is not 'name version suite' (three fields separated by one space)", fix));
                continue;
            }
            var column = 1;
            foreach (var (value, grammar, what) in new[] { (fields[0], Name, "a Debian package name"), (fields[1], Version, "a Debian version"), (fields[2], Suite, "an archive suite") })
            {
                if (!grammar.IsMatch(value))
                    errors.Add(new MatrixError(displayPath, number, column, $"'{value}' is not {what}", fix));
                column += value.Length + 1;
            }
            if (current.Value.Packages.Any(p => p.Name == fields[0]))
                errors.Add(new MatrixError(displayPath, number, 1, $"{fields[0]} is locked twice in [{current.Value.Tag}]", "keep one line per package; " + fix));
            current.Value.Packages.Add(new LockedPackage(fields[0], fields[1], fields[2]));
        }
        Close();
        if (errors.Count > 0) throw new MatrixException(errors);
        return new LockFile(distro, displayPath, images);
    }

    /// <summary>The file's text: sections by tag, packages by name, so that equal locks are equal bytes.</summary>
    public string Text()
    {
        var text = new StringBuilder()
            .Append($"# Packages the {Distro} images install: written by ./build.sh Lock from the archive, not by hand.\n")
            .Append("# One section per image: what its install step adds over its parent, as name version suite.\n");
        foreach (var image in Images.OrderBy(i => i.Tag, StringComparer.Ordinal))
        {
            text.Append('\n').Append('[').Append(image.Tag).Append("]\n");
            foreach (var package in image.Packages.OrderBy(p => p.Name, StringComparer.Ordinal))
                text.Append(package.Name).Append(' ').Append(package.Version).Append(' ').Append(package.Suite).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>This lock with <paramref name="resolved"/> replacing the sections of their images; sections of images outside <paramref name="keep"/> are dropped.</summary>
    public LockFile With(IEnumerable<ImageLock> resolved, Func<string, bool> keep)
    {
        var byTag = Images.Where(i => keep(i.Tag)).ToDictionary(i => i.Tag);
        foreach (var image in resolved) byTag[image.Tag] = image with { Line = 0 };
        return this with { Images = byTag.Values.OrderBy(i => i.Tag, StringComparer.Ordinal).ToList() };
    }
}
