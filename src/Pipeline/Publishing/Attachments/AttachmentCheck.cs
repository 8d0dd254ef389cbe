using System.Text.Json.Nodes;
using CudaImages.Signing;

namespace CudaImages.Publishing.Attachments;

/// <summary>What an image digest must carry: a signature (checked with the key when there is one) and the attestations with the SBOMs.</summary>
public sealed record AttachmentExpectation(bool Signed, SignatureKey? Key, bool Attested);

/// <summary>
/// Reads an image digest's attachments back from the registry and says what is wrong with them: missing, about another
/// digest, a signature the key does not verify, an SBOM that differs from its signed attestation. Publish asks it whether an
/// already published image's attachments are in place; Verify asks it for every tag.
/// </summary>
public sealed class AttachmentCheck(AttachmentStore store)
{
    static readonly (string Type, string Name)[] Attestations =
        [(InTotoStatement.SlsaProvenance, "provenance"), (InTotoStatement.Spdx, "SPDX SBOM"), (InTotoStatement.CycloneDx, "CycloneDX SBOM")];

    public async Task<IReadOnlyList<string>> ProblemsAsync(string digest, AttachmentExpectation expect, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (expect.Signed) problems.AddRange(await SignatureProblemsAsync(digest, expect.Key, cancellationToken));
        if (expect.Attested) problems.AddRange(await AttestationProblemsAsync(digest, expect.Key, cancellationToken));
        return problems;
    }

    /// <summary>
    /// Why the digest is not this key's: it carries a signature for itself that the key does not verify (made with another
    /// key, or tampered with), or only one for another digest. Null when the key verifies a signature, or when there is none
    /// at all (a run that pushed and stopped before signing).
    /// </summary>
    public async Task<string?> ForeignSignatureAsync(string digest, SignatureKey key, CancellationToken cancellationToken)
    {
        var signature = await store.GetAsync(digest, AttachmentKind.Signature, cancellationToken);
        if (signature is null) return null;
        return SignatureProblems(signature, digest, key).FirstOrDefault()?.Replace("with the key", $"with the key {key.Fingerprint}");
    }

    async Task<IEnumerable<string>> SignatureProblemsAsync(string digest, SignatureKey? key, CancellationToken cancellationToken) =>
        await store.GetAsync(digest, AttachmentKind.Signature, cancellationToken) is { } signature
            ? SignatureProblems(signature, digest, key)
            : [$"no signature ({store.Where(digest, AttachmentKind.Signature)})"];

    static IEnumerable<string> SignatureProblems(StoredAttachment signature, string digest, SignatureKey? key)
    {
        if (SubjectProblem(signature, digest) is { } subject) return [subject];
        var forDigest = signature.Layers.Where(l => SimpleSigning.DigestIn(l.Content) == digest).ToList();
        if (forDigest.Count == 0) return [$"the signature ({signature.Where}) vouches for another digest, not {digest}"];
        if (key is not null && !forDigest.Any(l => l.Annotations.TryGetValue(SimpleSigning.SignatureAnnotation, out var s) && key.Signed(l.Content, s)))
            return [$"the signature ({signature.Where}) does not verify with the key (tampered, or signed with another key)"];
        return [];
    }

    async Task<IEnumerable<string>> AttestationProblemsAsync(string digest, SignatureKey? key, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var attestations = await store.GetAsync(digest, AttachmentKind.Attestation, cancellationToken);
        JsonNode? attestedSpdx = null;
        if (attestations is null)
            problems.Add($"no provenance and no SBOM attestations ({store.Where(digest, AttachmentKind.Attestation)})");
        else if (SubjectProblem(attestations, digest) is { } subject)
            problems.Add(subject);
        else
        {
            var opened = attestations.Layers
                .Select(l => Dsse.Open(l.Content) is { } envelope && InTotoStatement.Read(envelope.Payload) is { } statement ? (envelope, statement) : default)
                .Where(e => e.statement.PredicateType is not null)
                .ToList();
            foreach (var (type, name) in Attestations)
            {
                var ofType = opened.Where(e => e.statement.PredicateType == type).ToList();
                if (ofType.Count == 0)
                {
                    problems.Add($"no {name} attestation ({attestations.Where})");
                    continue;
                }
                var about = ofType.Where(e => e.statement.Subjects.Contains(digest)).ToList();
                if (about.Count == 0)
                {
                    problems.Add($"the {name} attestation ({attestations.Where}) is about {string.Join(", ", ofType.SelectMany(e => e.statement.Subjects))}, not {digest}");
                    continue;
                }
                var trusted = key is null
                    ? about
                    : about.Where(e => e.envelope.Signatures.Any(s => key.Signed(Dsse.PreAuthenticationEncoding(e.envelope.PayloadType, e.envelope.Payload), s))).ToList();
                if (trusted.Count == 0)
                    problems.Add($"the {name} attestation ({attestations.Where}) has no signature the key verifies (tampered, or signed with another key)");
                else if (type == InTotoStatement.Spdx)
                    attestedSpdx = trusted[^1].statement.Predicate;
            }
        }

        var sbom = await store.GetAsync(digest, AttachmentKind.Sbom, cancellationToken);
        if (sbom is null)
            problems.Add($"no SBOM ({store.Where(digest, AttachmentKind.Sbom)})");
        else if (SubjectProblem(sbom, digest) is { } subject)
            problems.Add(subject);
        else if (sbom.Layers.Count != 1 || ParseOrNull(sbom.Layers[0].Content) is not { } document)
            problems.Add($"the SBOM ({sbom.Where}) is not one JSON document");
        else if (attestedSpdx is not null && !JsonNode.DeepEquals(document, attestedSpdx))
            problems.Add($"the SBOM ({sbom.Where}) differs from the SPDX document of its attestation (tampered)");
        return problems;
    }

    static string? SubjectProblem(StoredAttachment attachment, string digest) =>
        attachment.Subject is { } subject && subject != digest ? $"{attachment.Where} names the subject {subject}, not {digest}" : null;

    static JsonNode? ParseOrNull(byte[] content)
    {
        try
        {
            return JsonNode.Parse(content);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
