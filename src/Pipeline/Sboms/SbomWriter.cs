using System.Text.Json;
using CudaImages.Artifacts;
using CudaImages.Bases;
using CudaImages.Docker;
using CudaImages.Planning;
using CudaImages.Sizes;

namespace CudaImages.Sboms;

/// <summary>An image to describe: its fixed tag, local reference and distro id ("debian12", for the purls).</summary>
public sealed record ImageToDescribe(string Tag, string Reference, string Distro)
{
    public static IReadOnlyList<ImageToDescribe> From(BuildPlan plan) => [.. plan.Images.Select(i => new ImageToDescribe(i.Tag, i.Reference, i.Distro.Id))];
}

/// <summary>
/// Writes an SPDX 2.3 and a CycloneDX 1.6 SBOM per built image from what its layers hold, read from the run's one
/// <c>docker save</c> (shared with MeasureSizes through <see cref="ImageSave"/>), and artifacts/sbom/sboms.json.
/// </summary>
public sealed class SbomWriter(IDockerEngine engine, ImageSave save, string tool)
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary><paramref name="absentBecause"/>: why an image is rightly not in the engine (tag → reason), e.g. current in the registry and not pulled.</summary>
    public async Task<SbomsFile> WriteAsync(IReadOnlyList<ImageToDescribe> images, string artifactsDirectory, DateTimeOffset now, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? absentBecause = null)
    {
        var found = new List<(ImageToDescribe Image, ImageInfo Info)>();
        var notWritten = new List<ImageWithoutSbom>();
        foreach (var image in images)
        {
            if (await engine.InspectImageAsync(image.Reference, cancellationToken) is { } info)
                found.Add((image, info));
            else
                notWritten.Add(new ImageWithoutSbom(image.Tag, image.Reference,
                    absentBecause?.GetValueOrDefault(image.Tag) ?? $"not built: {image.Reference} is not in the engine; run BuildImages"));
        }
        if (found.Count == 0 && notWritten.All(n => absentBecause?.ContainsKey(n.Tag) == true))
        {
            var none = new SbomsFile(SbomsFile.CurrentSchema, now, []) { NotWritten = notWritten };
            none.Write(Path.Combine(artifactsDirectory, SbomsFile.RelativePath));
            return none;
        }
        if (found.Count == 0)
            throw new PrerequisiteException($"none of the {images.Count} selected images is in the engine: build them first, with the same selection: ./build.sh BuildImages Sbom ...");

        var saved = await save.ReadAsync(engine, [.. found.Select(f => f.Info.Id).Distinct()], cancellationToken);
        var written = new List<ImageSbom>();
        foreach (var (image, info) in found)
        {
            if (ImageInventory.Of(info.Layers, saved.Layers) is not { } inventory)
            {
                notWritten.Add(new ImageWithoutSbom(image.Tag, image.Reference, "some of its layers were not in the engine's save: no SBOM"));
                continue;
            }
            var subject = new SbomSubject(image.Tag, image.Reference, info.Id, image.Distro, now, tool);
            var spdx = image.Tag + SbomsFile.SpdxSuffix;
            var cycloneDx = image.Tag + SbomsFile.CycloneDxSuffix;
            var folder = Path.Combine(artifactsDirectory, SbomsFile.Folder);
            ArtifactFile.WriteText(Path.Combine(folder, spdx), SpdxDocument.Of(subject, inventory).ToJsonString(Indented) + "\n");
            ArtifactFile.WriteText(Path.Combine(folder, cycloneDx), CycloneDxDocument.Of(subject, inventory).ToJsonString(Indented) + "\n");
            written.Add(Summary(image, info.Id, spdx, cycloneDx, inventory));
        }
        var file = new SbomsFile(SbomsFile.CurrentSchema, now, written) { NotWritten = notWritten };
        file.Write(Path.Combine(artifactsDirectory, SbomsFile.RelativePath));
        return file;
    }

    public const string NoLicenceStated = "not stated (no machine-readable copyright file)";

    static ImageSbom Summary(ImageToDescribe image, string imageId, string spdx, string cycloneDx, ImageInventory inventory)
    {
        var names = inventory.Debian.Select(p => p.Licences is { Count: > 0 } lines ? lines.SelectMany(Licences.Names).Distinct() : [NoLicenceStated])
            .Concat(inventory.Python.Select(p => (IEnumerable<string>)[p.Licence ?? NoLicenceStated]));
        var counts = names.SelectMany(n => n).GroupBy(n => n, StringComparer.Ordinal)
            .Select(g => new LicenceCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Packages).ThenBy(c => c.Licence, StringComparer.Ordinal)
            .ToList();
        var nonFree = inventory.Debian.Select(p => (p.Name, p.Version, Reason: Licences.NonFree(p)))
            .Concat(inventory.Python.Select(p => (p.Name, p.Version, Reason: Licences.NonFree(p))))
            .Where(p => p.Reason is not null)
            .Select(p => new NonFreePackage(p.Name, p.Version, p.Reason!))
            .ToList();
        return new ImageSbom(image.Tag, image.Reference, imageId, spdx, cycloneDx, inventory.Debian.Count, inventory.Python.Count, counts, nonFree);
    }
}
