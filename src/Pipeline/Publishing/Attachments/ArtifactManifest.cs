using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CudaImages.Publishing.Attachments;

/// <summary>
/// The OCI image manifest of an attachment as cosign writes one: a small image config naming the layers, the layers, an
/// artifactType and the subject (the image's manifest), so that registries with the referrers API index it.
/// </summary>
public static class ArtifactManifest
{
    public const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";

    /// <summary>The config and manifest bytes for <paramref name="attachment"/> of the image manifest <paramref name="subject"/>.</summary>
    public static (byte[] Config, byte[] Manifest) Build(Attachment attachment, Manifest subject)
    {
        // cosign's config: an empty image whose rootfs lists the layers.
        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = "",
            ["created"] = "0001-01-01T00:00:00Z",
            ["history"] = new JsonArray(attachment.Layers.Select(_ => (JsonNode)new JsonObject { ["created"] = "0001-01-01T00:00:00Z" }).ToArray()),
            ["os"] = "",
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(attachment.Layers.Select(l => (JsonNode)l.Digest).ToArray()) },
            ["config"] = new JsonObject(),
        }.ToJsonString());
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = Manifest.OciManifest,
            ["artifactType"] = AttachmentKinds.ArtifactType(attachment.Kind),
            ["config"] = Descriptor(ConfigMediaType, Manifest.DigestOf(config), config.Length, null),
            ["layers"] = new JsonArray(attachment.Layers.Select(l => (JsonNode)Descriptor(l.MediaType, l.Digest, l.Content.Length, l.Annotations)).ToArray()),
            ["subject"] = Descriptor(subject.MediaType, subject.Digest, subject.Body.Length, null),
        };
        return (config, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }

    /// <summary>The subject and layer descriptors of an attachment manifest.</summary>
    public static (string? Subject, IReadOnlyList<(string Digest, string MediaType, IReadOnlyDictionary<string, string> Annotations)> Layers) Read(byte[] body, string where)
    {
        var root = OciJson.Parse(body, where);
        var subject = root.TryGetProperty("subject", out var s) ? OciJson.String(s, "digest") : null;
        var layers = OciJson.Array(root, "layers")
            .Select(l => (OciJson.String(l, "digest") ?? "", OciJson.String(l, "mediaType") ?? "", OciJson.Annotations(l)))
            .ToList();
        return (subject, layers);
    }

    static JsonObject Descriptor(string mediaType, string digest, long size, IReadOnlyDictionary<string, string>? annotations)
    {
        var descriptor = new JsonObject { ["mediaType"] = mediaType, ["size"] = size, ["digest"] = digest };
        if (annotations is { Count: > 0 })
            descriptor["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        return descriptor;
    }
}
