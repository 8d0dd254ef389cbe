using System.Text;
using CudaImages.Locking;
using CudaImages.Model;
using CudaImages.Rendering;

namespace CudaImages.Planning;

/// <summary>
/// An image's packages as its distro's lock file says: the named packages pinned as name=version, the list its install
/// step must end up adding (a context file the Dockerfile checks against), and the locked set of the whole chain.
/// </summary>
public sealed record LockedPackages(ImageLock Image, IReadOnlyList<string> Pinned, IReadOnlyList<LockedPackage> Set, string SetHash,
    ContextFile ContextFile, string PathInImage, string Source)
{
    public const string ContextFolder = "locks";

    /// <summary>Null when the distro has no lock file: its images install what the archive offers.</summary>
    public static LockedPackages? For(LockFile? file, string tag, string flavor, IReadOnlyList<string> packages, IReadOnlyList<LockedPackage>? parentSet,
        Platform? platform = null)
    {
        if (file is null) return null;
        var forPlatform = platform is null || platform == Platform.Amd64 ? "" : $" --platform {platform}";
        var hint = $"run ./build.sh Lock --distro {file.Distro}{forPlatform} (a distro with a lock file needs every image's packages locked, per platform)";
        var image = file.Find(tag)
            ?? throw new MatrixException([new MatrixError(file.DisplayPath, 1, 1, $"no packages locked for {tag}, an image of the matrix", hint)]);

        var inherited = (parentSet ?? []).ToDictionary(p => p.Name);
        var pinned = new List<string>();
        foreach (var named in packages)
        {
            var name = named.Split('=')[0];
            var found = image.Find(name) ?? inherited.GetValueOrDefault(name);
            if (found is null)
                throw new MatrixException([new MatrixError(file.DisplayPath, image.Line, 1, $"[{tag}] does not lock {name}, which flavor '{flavor}' installs", hint)]);
            pinned.Add(named.Contains('=') ? named : found.Pin);
        }

        foreach (var package in image.Packages) inherited[package.Name] = package;
        var set = inherited.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var content = Encoding.UTF8.GetBytes(string.Concat(image.Packages.Select(p => p.Pin + "\n").Order(StringComparer.Ordinal)));
        return new LockedPackages(image, pinned, set, Hash(set),
            ContextFile.Generated($"{ContextFolder}/{tag}.packages", content), $"/usr/share/cudaimages/locks/{tag}.packages", file.DisplayPath);
    }

    /// <summary>One hash for a set of packages at their versions, whatever order they are listed in.</summary>
    public static string Hash(IEnumerable<LockedPackage> packages) =>
        "sha256:" + InputHash.Sha256(string.Concat(packages.Select(p => p.Pin + "\n").Order(StringComparer.Ordinal)));

    /// <summary>
    /// Sections of a lock file for images the matrix does not have: entries no image installs. A distro the matrix has
    /// no image of at all is one error for the whole file, not one per section.
    /// </summary>
    public static IEnumerable<MatrixError> Stale(LockFile file, IReadOnlySet<string> tags) =>
        tags.Count == 0
            ? [new MatrixError(file.DisplayPath, 1, 1, $"a lock for distro '{file.Distro}', of which images/matrix.yaml builds no image",
                $"remove {file.DisplayPath}, or include {file.Distro}'s images in images/matrix.yaml again")]
            : file.Images.Where(i => !tags.Contains(i.Tag)).Select(i => new MatrixError(file.DisplayPath, i.Line, 1,
                $"[{i.Tag}] locks packages for an image the matrix does not have",
                $"remove the section, or run ./build.sh Lock --distro {file.Distro}, which drops it"));
}
