using CudaImages.Artifacts;

namespace CudaImages.Sboms;

/// <summary>How many packages of an image state a licence (a Debian short name or a Python licence as written).</summary>
public sealed record LicenceCount(string Licence, int Packages);

/// <summary>A package whose licence a redistributor must read first, and why (Debian's non-free area, an NVIDIA licence).</summary>
public sealed record NonFreePackage(string Name, string Version, string Reason);

/// <summary>
/// The SBOMs of one image: the files (under artifacts/sbom/, named by the fixed tag), the image ID they describe, how many
/// packages they list, and the licence summary a redistributor reads first.
/// </summary>
public sealed record ImageSbom(
    string Tag,
    string Reference,
    string ImageId,
    string Spdx,
    string CycloneDx,
    int DebianPackages,
    int PythonPackages,
    IReadOnlyList<LicenceCount> Licences,
    IReadOnlyList<NonFreePackage> NonFree)
{
    public int Packages => DebianPackages + PythonPackages;
}

/// <summary>An image of the selection with no SBOM, and why (not built...).</summary>
public sealed record ImageWithoutSbom(string Tag, string Reference, string Reason);

/// <summary>artifacts/sbom/sboms.json: which SBOM files describe which image ID; read by Report and by Publish's attachments.</summary>
public sealed record SbomsFile(int SchemaVersion, DateTimeOffset WrittenAt, IReadOnlyList<ImageSbom> Images)
{
    public IReadOnlyList<ImageWithoutSbom> NotWritten { get; init; } = [];

    public const int CurrentSchema = 1;
    public const string Folder = "sbom";
    public const string RelativePath = "sbom/sboms.json";
    public const string SpdxSuffix = ".spdx.json";
    public const string CycloneDxSuffix = ".cdx.json";

    public ImageSbom? Find(string tag) => Images.FirstOrDefault(i => i.Tag == tag);

    public void Write(string path) => ArtifactFile.Write(path, this);

    public static SbomsFile Read(string path) => ArtifactFile.Read<SbomsFile>(path, CurrentSchema, "Sbom");
}
