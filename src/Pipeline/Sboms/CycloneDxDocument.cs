using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CudaImages.Sboms;

/// <summary>
/// An image's inventory as a CycloneDX 1.6 JSON BOM: the image as the container the BOM describes, every Debian package
/// and Python distribution a library component with its purl, licences, source package and the layer that added it.
/// </summary>
public static class CycloneDxDocument
{
    public const string SpecVersion = "1.6";
    const string Property = "cudaimages:";

    public static JsonObject Of(SbomSubject subject, ImageInventory inventory)
    {
        var components = new JsonArray();
        var refs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in inventory.Debian)
        {
            var purl = Purl.Debian(package, subject.Distro);
            components.Add(Component(Unique(refs, purl), package.Name, package.Version, purl, Licences(package.Licences?.SelectMany(global::CudaImages.Sboms.Licences.Names)),
                new()
                {
                    ["source package"] = package.Source,
                    ["source version"] = package.SourceVersion,
                    ["section"] = package.Section,
                    ["layer"] = package.Layer,
                }));
        }
        foreach (var distribution in inventory.Python)
        {
            var purl = Purl.Python(distribution);
            components.Add(Component(Unique(refs, purl), distribution.Name, distribution.Version, purl, Licences(distribution.Licence is { } l ? [l] : null),
                new()
                {
                    ["metadata"] = distribution.MetadataPath,
                    ["layer"] = distribution.Layer,
                }));
        }
        return new JsonObject
        {
            ["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json",
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = SpecVersion,
            ["serialNumber"] = SerialNumber(subject),
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = subject.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["tools"] = new JsonObject { ["components"] = new JsonArray { new JsonObject { ["type"] = "application", ["name"] = subject.Tool } } },
                ["component"] = new JsonObject
                {
                    ["type"] = "container",
                    ["bom-ref"] = subject.ImageId,
                    ["name"] = subject.Reference,
                    ["version"] = subject.ImageId,
                    ["properties"] = Properties(new() { ["tag"] = subject.Tag, ["image id"] = subject.ImageId }),
                },
            },
            ["components"] = components,
        };
    }

    /// <summary>A serial number that is the same for the same image and tag: urn:uuid: of the first 16 bytes of their hash.</summary>
    static string SerialNumber(SbomSubject subject)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{subject.Tag}\n{subject.ImageId}"))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: a name-based UUID of our own hashing
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    static JsonObject Component(string bomRef, string name, string version, string purl, JsonArray? licences, Dictionary<string, string> properties)
    {
        var component = new JsonObject
        {
            ["type"] = "library",
            ["bom-ref"] = bomRef,
            ["name"] = name,
            ["version"] = version,
            ["purl"] = purl,
        };
        if (licences is not null) component["licenses"] = licences;
        component["properties"] = Properties(properties);
        return component;
    }

    /// <summary>One entry per licence name: its SPDX id where one means the same, else the name as the package states it.</summary>
    static JsonArray? Licences(IEnumerable<string>? names)
    {
        var distinct = names?.Distinct(StringComparer.Ordinal).ToList();
        if (distinct is not { Count: > 0 }) return null;
        return new JsonArray([.. distinct.Select(name => (JsonNode)new JsonObject
        {
            ["license"] = global::CudaImages.Sboms.Licences.SpdxId(name) is { } id ? new JsonObject { ["id"] = id } : new JsonObject { ["name"] = name },
        })]);
    }

    static JsonArray Properties(Dictionary<string, string> properties) =>
        new([.. properties.Where(p => p.Value.Length > 0).Select(p => (JsonNode)new JsonObject { ["name"] = Property + p.Key.Replace(' ', '-'), ["value"] = p.Value })]);

    static string Unique(HashSet<string> refs, string wanted)
    {
        var id = wanted;
        for (var n = 2; !refs.Add(id); n++) id = $"{wanted}#{n}";
        return id;
    }
}
