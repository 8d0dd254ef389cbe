using System.Text;
using System.Text.Json.Nodes;

namespace CudaImages.Publishing.Attachments;

/// <summary>An in-toto Statement v1: a predicate about the image manifest named as its subject.</summary>
public static class InTotoStatement
{
    public const string Type = "https://in-toto.io/Statement/v1";
    public const string SlsaProvenance = "https://slsa.dev/provenance/v1";
    public const string Spdx = "https://spdx.dev/Document";
    public const string CycloneDx = "https://cyclonedx.org/bom";

    /// <summary>The annotation cosign gives each attestation layer, naming its predicate type.</summary>
    public const string PredicateTypeAnnotation = "predicateType";

    public static byte[] Of(string repository, string digest, string predicateType, JsonNode predicate) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["_type"] = Type,
        ["subject"] = new JsonArray(new JsonObject
        {
            ["name"] = repository,
            ["digest"] = new JsonObject { [digest.Split(':')[0]] = digest[(digest.IndexOf(':') + 1)..] },
        }),
        ["predicateType"] = predicateType,
        ["predicate"] = predicate,
    }.ToJsonString());

    /// <summary>The statement's predicate type, subject digests (as algorithm:hex) and predicate; null when the bytes are not a statement.</summary>
    public static (string PredicateType, IReadOnlyList<string> Subjects, JsonNode? Predicate)? Read(byte[] statement)
    {
        try
        {
            var root = JsonNode.Parse(statement);
            if (root?["predicateType"]?.GetValue<string>() is not { } type) return null;
            var subjects = root["subject"] is JsonArray list
                ? list.SelectMany(s => s?["digest"] is JsonObject d ? d.Select(p => $"{p.Key}:{p.Value?.GetValue<string>()}") : []).ToList()
                : [];
            return (type, subjects, root["predicate"]);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
