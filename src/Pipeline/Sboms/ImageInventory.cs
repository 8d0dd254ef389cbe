using CudaImages.Sizes;

namespace CudaImages.Sboms;

/// <summary>
/// A Debian package installed in an image: what dpkg's status says of it, the licences of its machine-readable copyright
/// file (null when the file is missing or free-form), and the layer (diff ID) that installed this version.
/// </summary>
public sealed record DebianPackage(
    string Name,
    string Version,
    string Architecture,
    string Source,
    string SourceVersion,
    string Section,
    IReadOnlyList<string>? Licences,
    string Layer);

/// <summary>A Python distribution installed in an image, where its metadata lies and the layer that wrote it.</summary>
public sealed record PythonPackage(string Name, string Version, string? Licence, string MetadataPath, string Layer);

/// <summary>
/// What is really in an image, read from its layers as the engine saved them: the dpkg status of its top layer that
/// carries one, each package's copyright file and Python metadata as the layers leave them (a later layer's file
/// replaces a lower one's; whiteouts delete).
/// </summary>
public sealed record ImageInventory(IReadOnlyList<DebianPackage> Debian, IReadOnlyList<PythonPackage> Python)
{
    /// <summary>The inventory of an image with these layers (lowest first), or null when a layer is not in the save.</summary>
    public static ImageInventory? Of(IReadOnlyList<string> layers, IReadOnlyDictionary<string, LayerContents> saved)
    {
        if (!layers.All(saved.ContainsKey)) return null;
        IReadOnlyDictionary<string, DpkgPackage>? status = null;
        var installedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        var copyrights = new Dictionary<string, (IReadOnlyList<string>? Licences, string Layer)>(StringComparer.Ordinal);
        var python = new Dictionary<string, (PythonDistribution Distribution, string Layer)>(StringComparer.Ordinal);
        foreach (var diffId in layers)
        {
            var layer = saved[diffId];
            foreach (var deleted in layer.Inventory.Deleted)
            {
                Remove(copyrights, deleted, package => DebianCopyright.Folder + package + "/" + DebianCopyright.FileName);
                Remove(python, deleted, path => path);
            }
            foreach (var (package, licences) in layer.Inventory.Copyrights)
                copyrights[package] = (licences, diffId);
            foreach (var (path, distribution) in layer.Inventory.PythonDistributions)
                python[path] = (distribution, diffId);
            if (layer.DpkgStatus is not { } next) continue;
            // A layer carries the whole status: what it has that the one below lacks (or has in another version), it installed.
            foreach (var package in next.Values)
                if (status is null || !status.TryGetValue(package.Key, out var before) || before.Version != package.Version)
                    installedBy[package.Key] = diffId;
            status = next;
        }
        var debian = (status?.Values ?? [])
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Architecture, StringComparer.Ordinal)
            .Select(p => new DebianPackage(p.Name, p.Version, p.Architecture, p.Source, p.SourceVersion, p.Section,
                copyrights.TryGetValue(p.Name, out var copyright) ? copyright.Licences : null, installedBy[p.Key]));
        var distributions = python
            .OrderBy(d => d.Value.Distribution.Name, StringComparer.OrdinalIgnoreCase).ThenBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new PythonPackage(d.Value.Distribution.Name, d.Value.Distribution.Version, d.Value.Distribution.Licence, d.Key, d.Value.Layer));
        return new ImageInventory([.. debian], [.. distributions]);
    }

    static void Remove<T>(Dictionary<string, T> files, string deleted, Func<string, string> pathOf)
    {
        foreach (var key in files.Keys.Where(key => Deletes(deleted, pathOf(key))).ToList())
            files.Remove(key);
    }

    /// <summary>Whether a whiteout for <paramref name="deleted"/> (a path, or a folder's contents) deletes <paramref name="path"/>.</summary>
    static bool Deletes(string deleted, string path) =>
        deleted.EndsWith(LayerInventory.ContentsOnly, StringComparison.Ordinal)
            ? path.StartsWith(deleted[..^LayerInventory.ContentsOnly.Length] + "/", StringComparison.Ordinal)
            : path == deleted || path.StartsWith(deleted + "/", StringComparison.Ordinal);
}
