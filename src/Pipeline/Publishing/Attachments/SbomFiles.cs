using System.Text.Json.Nodes;

namespace CudaImages.Publishing.Attachments;

/// <summary>An image's SBOMs as the SBOM step wrote them: artifacts/sbom/&lt;tag&gt;.spdx.json (SPDX 2.3) and &lt;tag&gt;.cdx.json (CycloneDX 1.6).</summary>
public sealed record ImageSboms(byte[] Spdx, byte[] CycloneDx);

public sealed class SbomFiles(string directory)
{
    public const string RelativePath = "sbom";

    public string SpdxPath(string tag) => Path.Combine(directory, tag + ".spdx.json");

    public string CycloneDxPath(string tag) => Path.Combine(directory, tag + ".cdx.json");

    /// <summary>The tag's SBOMs, each a JSON object.</summary>
    /// <exception cref="AttachmentException">One is missing or not JSON: attaching was asked for, so publishing cannot go on.</exception>
    public ImageSboms Read(string tag) => new(ReadOne(SpdxPath(tag), tag), ReadOne(CycloneDxPath(tag), tag));

    static byte[] ReadOne(string path, string tag)
    {
        if (!File.Exists(path))
            throw new AttachmentException($"{tag}: --attest attaches its SBOMs, but {path} does not exist; write the SBOMs first (they are made with the image's sizes) or publish without --attest");
        var bytes = File.ReadAllBytes(path);
        try
        {
            if (JsonNode.Parse(bytes) is JsonObject) return bytes;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        throw new AttachmentException($"{tag}: {path} is not a JSON SBOM; write the SBOMs again");
    }
}

/// <summary>An attachment that cannot be made or does not hold what it must; the message names the image and what to do.</summary>
public sealed class AttachmentException(string message) : Exception(message);
