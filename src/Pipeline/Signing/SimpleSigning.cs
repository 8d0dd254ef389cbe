using System.Text;
using System.Text.Json.Nodes;

namespace CudaImages.Signing;

/// <summary>cosign's signed payload for an image ("simple signing"): the repository and the manifest digest it vouches for.</summary>
public static class SimpleSigning
{
    public const string MediaType = "application/vnd.dev.cosign.simplesigning.v1+json";
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";
    const string Type = "cosign container image signature";

    public static byte[] Payload(string repository, string digest) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["critical"] = new JsonObject
        {
            ["identity"] = new JsonObject { ["docker-reference"] = repository },
            ["image"] = new JsonObject { ["docker-manifest-digest"] = digest },
            ["type"] = Type,
        },
        ["optional"] = null,
    }.ToJsonString());

    /// <summary>The manifest digest a payload vouches for, or null when it is not cosign's simple signing.</summary>
    public static string? DigestIn(byte[] payload)
    {
        try
        {
            var critical = JsonNode.Parse(payload)?["critical"];
            return critical?["type"]?.GetValue<string>() == Type ? critical["image"]?["docker-manifest-digest"]?.GetValue<string>() : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
