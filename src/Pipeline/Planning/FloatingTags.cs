using CudaImages.Model;
using Semver;

namespace CudaImages.Planning;

/// <summary>
/// Floating aliases: X.Y-flavor-distro names the newest X.Y patch, X-flavor-distro the newest X.x,
/// computed over the whole matrix so that a filtered run never moves an alias.
/// </summary>
public static class FloatingTags
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> For(IEnumerable<(CudaRelease Cuda, string Flavor, string Distro)> wholeMatrix)
    {
        var aliases = new Dictionary<string, List<string>>();
        var all = wholeMatrix.ToList();
        foreach (var image in all) aliases[ImageTag.Of(image.Cuda, image.Flavor, image.Distro)] = [];

        foreach (var family in all.GroupBy(i => (i.Flavor, i.Distro)))
        {
            foreach (var line in family.GroupBy(i => i.Cuda.Line))
            {
                var newest = line.MaxBy(i => i.Cuda.Version, SemVersion.PrecedenceComparer);
                aliases[ImageTag.Of(newest.Cuda, newest.Flavor, newest.Distro)].Add($"{line.Key}-{family.Key.Flavor}-{family.Key.Distro}");
            }
            foreach (var major in family.GroupBy(i => i.Cuda.Major))
            {
                var newest = major.MaxBy(i => i.Cuda.Version, SemVersion.PrecedenceComparer);
                aliases[ImageTag.Of(newest.Cuda, newest.Flavor, newest.Distro)].Add($"{major.Key}-{family.Key.Flavor}-{family.Key.Distro}");
            }
        }
        return aliases.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value);
    }
}
