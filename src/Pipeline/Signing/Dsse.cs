using System.Text;
using System.Text.Json.Nodes;

namespace CudaImages.Signing;

/// <summary>The DSSE envelope cosign keeps attestations in: the statement, and signatures over its pre-authentication encoding.</summary>
public static class Dsse
{
    public const string MediaType = "application/vnd.dsse.envelope.v1+json";
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>PAE(type, body) = "DSSEv1 len(type) type len(body) body": what is signed, so that the type cannot be swapped.</summary>
    public static byte[] PreAuthenticationEncoding(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        return [.. Encoding.UTF8.GetBytes($"DSSEv1 {type.Length} "), .. type, .. Encoding.UTF8.GetBytes($" {payload.Length} "), .. payload];
    }

    public static byte[] Envelope(byte[] payload, string? signature) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["payloadType"] = InTotoPayloadType,
        ["payload"] = Convert.ToBase64String(payload),
        ["signatures"] = signature is null ? new JsonArray() : new JsonArray(new JsonObject { ["keyid"] = "", ["sig"] = signature }),
    }.ToJsonString());

    /// <summary>The payload and signatures of an envelope, or null when the bytes are not one.</summary>
    public static (string PayloadType, byte[] Payload, IReadOnlyList<string> Signatures)? Open(byte[] envelope)
    {
        try
        {
            var root = JsonNode.Parse(envelope);
            var type = root?["payloadType"]?.GetValue<string>();
            var payload = root?["payload"]?.GetValue<string>();
            if (type is null || payload is null) return null;
            var signatures = root!["signatures"] is JsonArray list
                ? list.Select(s => s?["sig"]?.GetValue<string>()).OfType<string>().ToList()
                : [];
            return (type, Convert.FromBase64String(payload), signatures);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
