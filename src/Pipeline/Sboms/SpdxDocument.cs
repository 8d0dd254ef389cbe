using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CudaImages.Sboms;

/// <summary>
/// An image's inventory as an SPDX 2.3 JSON document: the image as the package the document describes, which CONTAINS
/// every Debian package and Python distribution, each with its purl, source package and the layer that added it.
/// Debian licence names without an SPDX identifier become LicenseRef-… with a note where they were read.
/// </summary>
public static partial class SpdxDocument
{
    public const string Version = "SPDX-2.3";
    const string ImageId = "SPDXRef-Image";
    const string NoAssertion = "NOASSERTION";

    [GeneratedRegex("[^A-Za-z0-9.-]")]
    private static partial Regex NotInId();

    public static JsonObject Of(SbomSubject subject, ImageInventory inventory)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal) { ImageId };
        var references = new SortedDictionary<string, (string Name, SortedSet<string> Packages)>(StringComparer.Ordinal);
        var packages = new JsonArray { Image(subject) };
        var relationships = new JsonArray { Relationship("SPDXRef-DOCUMENT", "DESCRIBES", ImageId) };

        foreach (var package in inventory.Debian)
        {
            var id = UniqueId(ids, $"SPDXRef-deb-{package.Name}-{package.Architecture}");
            packages.Add(new JsonObject
            {
                ["SPDXID"] = id,
                ["name"] = package.Name,
                ["versionInfo"] = package.Version,
                ["downloadLocation"] = NoAssertion,
                ["filesAnalyzed"] = false,
                ["licenseConcluded"] = NoAssertion,
                ["licenseDeclared"] = package.Licences is { Count: > 0 } licences ? Expression(licences, package.Name, references) : NoAssertion,
                ["copyrightText"] = NoAssertion,
                ["sourceInfo"] = $"built from Debian source package {package.Source} {package.SourceVersion}",
                ["comment"] = $"architecture {package.Architecture}; section {(package.Section.Length > 0 ? package.Section : "unknown")}; installed by layer {package.Layer}",
                ["externalRefs"] = new JsonArray { Purl(global::CudaImages.Sboms.Purl.Debian(package, subject.Distro)) },
            });
            relationships.Add(Relationship(ImageId, "CONTAINS", id));
        }
        foreach (var distribution in inventory.Python)
        {
            var id = UniqueId(ids, $"SPDXRef-pypi-{distribution.Name}");
            packages.Add(new JsonObject
            {
                ["SPDXID"] = id,
                ["name"] = distribution.Name,
                ["versionInfo"] = distribution.Version,
                ["downloadLocation"] = NoAssertion,
                ["filesAnalyzed"] = false,
                ["licenseConcluded"] = NoAssertion,
                ["licenseDeclared"] = distribution.Licence is { } licence ? PythonLicence(licence, distribution.Name, references) : NoAssertion,
                ["copyrightText"] = NoAssertion,
                ["comment"] = $"Python distribution; metadata {distribution.MetadataPath}; written by layer {distribution.Layer}",
                ["externalRefs"] = new JsonArray { Purl(global::CudaImages.Sboms.Purl.Python(distribution)) },
            });
            relationships.Add(Relationship(ImageId, "CONTAINS", id));
        }

        var document = new JsonObject
        {
            ["spdxVersion"] = Version,
            ["dataLicense"] = "CC0-1.0",
            ["SPDXID"] = "SPDXRef-DOCUMENT",
            ["name"] = subject.Reference,
            ["documentNamespace"] = $"urn:cudaimages:spdx:{subject.Tag}:{subject.ImageHex}",
            ["creationInfo"] = new JsonObject
            {
                ["created"] = subject.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["creators"] = new JsonArray { $"Tool: {subject.Tool}" },
                ["comment"] = "Read from the image's layers as the Docker Engine saved them: var/lib/dpkg/status, /usr/share/doc/*/copyright, Python dist-info and egg-info metadata.",
            },
            ["documentDescribes"] = new JsonArray { ImageId },
            ["packages"] = packages,
            ["relationships"] = relationships,
        };
        if (references.Count > 0)
            document["hasExtractedLicensingInfos"] = new JsonArray([.. references.Select(r => (JsonNode)new JsonObject
            {
                ["licenseId"] = r.Key,
                ["name"] = r.Value.Name,
                ["extractedText"] = $"The licence named \"{r.Value.Name}\" in the copyright or metadata of: {string.Join(", ", r.Value.Packages)} (Debian packages: /usr/share/doc/<package>/copyright in the image).",
            })]);
        return document;
    }

    static JsonObject Image(SbomSubject subject) => new()
    {
        ["SPDXID"] = ImageId,
        ["name"] = subject.Reference,
        ["versionInfo"] = subject.ImageId,
        ["downloadLocation"] = NoAssertion,
        ["filesAnalyzed"] = false,
        ["licenseConcluded"] = NoAssertion,
        ["licenseDeclared"] = NoAssertion,
        ["copyrightText"] = NoAssertion,
        ["primaryPackagePurpose"] = "CONTAINER",
        ["comment"] = $"container image {subject.Tag}, image ID {subject.ImageId}",
    };

    /// <summary>Each License line of a copyright file, in SPDX terms: groups ANDed, alternatives ORed; the lines ANDed.</summary>
    static string Expression(IReadOnlyList<string> licenceLines, string package, SortedDictionary<string, (string, SortedSet<string>)> references)
    {
        var lines = licenceLines.Select(line => Licences.Terms(line)
                .Select(group => Join(group.Select(alternative => Join(alternative.Select(name => Id(name, package, references)), "AND")), "OR"))
                .ToList())
            .Select(groups => Join(groups, "AND"))
            .Where(e => e.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return lines.Count == 0 ? NoAssertion : Join(lines, "AND");
    }

    static string PythonLicence(string licence, string package, SortedDictionary<string, (string, SortedSet<string>)> references) =>
        Licences.SpdxId(licence) ?? Id(licence, package, references);

    static string Join(IEnumerable<string> parts, string op)
    {
        var list = parts.Where(p => p.Length > 0).ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join($" {op} ", list.Select(p => p.Contains(' ') ? $"({p})" : p)),
        };
    }

    static string Id(string name, string package, SortedDictionary<string, (string Name, SortedSet<string> Packages)> references)
    {
        if (Licences.SpdxId(name) is { } id) return id;
        var reference = "LicenseRef-" + NotInId().Replace(name, "-");
        if (!references.TryGetValue(reference, out var entry))
            references[reference] = entry = (name, new SortedSet<string>(StringComparer.Ordinal));
        entry.Packages.Add(package);
        return reference;
    }

    static string UniqueId(HashSet<string> ids, string wanted)
    {
        var id = NotInId().Replace(wanted, "-");
        for (var n = 2; !ids.Add(id); n++)
            id = NotInId().Replace($"{wanted}-{n}", "-");
        return id;
    }

    static JsonObject Purl(string purl) => new()
    {
        ["referenceCategory"] = "PACKAGE-MANAGER",
        ["referenceType"] = "purl",
        ["referenceLocator"] = purl,
    };

    static JsonObject Relationship(string from, string type, string to) => new()
    {
        ["spdxElementId"] = from,
        ["relationshipType"] = type,
        ["relatedSpdxElement"] = to,
    };
}
