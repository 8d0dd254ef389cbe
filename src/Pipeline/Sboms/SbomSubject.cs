namespace CudaImages.Sboms;

/// <summary>The image an SBOM describes: its fixed tag, local reference, image ID and distro id ("debian12"), and when and by what it was written.</summary>
public sealed record SbomSubject(string Tag, string Reference, string ImageId, string Distro, DateTimeOffset Created, string Tool)
{
    public string ImageHex => ImageId[(ImageId.IndexOf(':') + 1)..];
}
