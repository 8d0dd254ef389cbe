using System.Reflection;
using System.Text.Json.Nodes;
using CudaImages.Planning;

namespace CudaImages.Publishing.Attachments;

/// <summary>What the provenance of every image of a run shares: the builder, the source and the invocation.</summary>
/// <param name="Parameters">The invocation's parameters as given, secrets left out.</param>
/// <param name="InvocationId">The CI run (GitHub Actions' run URL), when there is one.</param>
public sealed record ProvenanceFacts(
    string SourceUrl,
    string SourceRevision,
    IReadOnlyDictionary<string, string> Parameters,
    string? InvocationId,
    DateTimeOffset StartedOn)
{
    public const string BuilderName = "cudaimages";

    public static string BuilderVersion =>
        typeof(ProvenanceFacts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ProvenanceFacts).Assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <summary>One image's own facts that only the engine and the registry know: its base image's ID, its parent's reference and digest.</summary>
/// <param name="ParentReference">The parent's fixed tag in the registry repository the image is published to.</param>
public sealed record ImageProvenance(string BaseImage, string? BaseImageDigest, string? ParentReference, string? ParentDigest);

/// <summary>The SLSA provenance v1 predicate of one image: builder and version, parameters, source revision, input hash, base image.</summary>
public static class Provenance
{
    /// <summary>
    /// The document that says what every field of this predicate means (docs/provenance.md), on the default branch: one
    /// stable URI per version of the build type, as SLSA asks, so that a verifier can match on it; a change of meaning is v2.
    /// </summary>
    public static string BuildType(string sourceUrl) => $"{sourceUrl}/blob/main/docs/provenance.md#build-type-v1";

    public static JsonObject Predicate(ImageSpec image, ImageProvenance own, ProvenanceFacts facts)
    {
        var dependencies = new JsonArray(new JsonObject
        {
            ["uri"] = $"git+{facts.SourceUrl}@{facts.SourceRevision}",
            ["digest"] = new JsonObject { ["gitCommit"] = facts.SourceRevision },
        });
        if (own.BaseImageDigest is { } baseDigest)
            dependencies.Add(Dependency($"pkg:docker/{own.BaseImage}", own.BaseImage, baseDigest));
        if (own.ParentDigest is { } parentDigest && own.ParentReference is { } parentReference && image.Parent is { } parent)
            dependencies.Add(Dependency($"pkg:docker/{parentReference}", parent, parentDigest));

        var internals = new JsonObject { ["inputHash"] = image.InputHash };
        if (image.LockedSet is { } locked) internals["packageSetHash"] = LockedPackages.Hash(locked);
        var metadata = new JsonObject { ["startedOn"] = facts.StartedOn.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ") };
        if (facts.InvocationId is { } invocation) metadata["invocationId"] = invocation;

        return new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = BuildType(facts.SourceUrl),
                ["externalParameters"] = new JsonObject
                {
                    ["image"] = image.Tag,
                    ["parameters"] = new JsonObject(facts.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                },
                ["internalParameters"] = internals,
                ["resolvedDependencies"] = dependencies,
            },
            ["runDetails"] = new JsonObject
            {
                ["builder"] = new JsonObject
                {
                    ["id"] = facts.SourceUrl,
                    ["version"] = new JsonObject { [ProvenanceFacts.BuilderName] = ProvenanceFacts.BuilderVersion },
                },
                ["metadata"] = metadata,
            },
        };
    }

    static JsonObject Dependency(string uri, string name, string digest) => new()
    {
        ["uri"] = uri,
        ["name"] = name,
        ["digest"] = new JsonObject { [digest.Split(':')[0]] = digest[(digest.IndexOf(':') + 1)..] },
    };
}
