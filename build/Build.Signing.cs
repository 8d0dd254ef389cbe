using CudaImages;
using CudaImages.BuildEngine;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Publishing;
using CudaImages.Publishing.Attachments;
using CudaImages.Signing;

partial class Build
{
    [Parameter("Publish: sign each published digest with this cosign private key (a path, or the PEM itself; cosign generate-key-pair makes one)"), Secret]
    readonly string? SigningKey;

    [Parameter("Publish: the password of --signing-key (cosign's COSIGN_PASSWORD)"), Secret]
    readonly string? SigningKeyPassword;

    [Parameter("Publish: sign each published digest keyless with cosign (GitHub Actions' OIDC token, Fulcio and Rekor) instead of a key")]
    readonly bool Keyless;

    [Parameter("Publish: attach to each published digest its SBOMs (artifacts/sbom/<tag>.spdx.json and .cdx.json) and a SLSA provenance statement")]
    readonly bool Attest;

    /// <summary>What Publish attaches, from --signing-key, --keyless and --attest; null when none is asked for.</summary>
    async Task<IImageAttachments?> AttachmentsAsync(IArtifactRegistry registry, IDockerEngine engine, TextWriter log)
    {
        if (SigningKey is not null && Keyless)
            throw new InputException("--signing-key and --keyless both sign: give one of them");
        if (SigningKey is null && !Keyless && !Attest) return null;
        var signer = SigningKey is null ? null : await CosignKeySigner.OpenAsync(CudaImages.Signing.SigningKey.Read(SigningKey), SigningKeyPassword, CancellationToken);
        if (signer is not null)
        {
            using var key = SignatureKey.FromPem(signer.PublicKeyPem, "the signing key's public key");
            Log.Information($"signing with the key {key.Fingerprint} (SHA-256 of its public key; Verify --key names the key it checks with the same way)");
        }
        var facts = new ProvenanceFacts(LoadedMatrix.Settings.SourceUrl, SourceRevision.Of(RootDirectory), InvocationParameters(), RunUrl(), DateTimeOffset.UtcNow);
        var options = new AttachmentOptions(signer, Keyless, Attest ? new SbomFiles(ArtifactsDirectory / SbomFiles.RelativePath) : null, facts)
        {
            KeylessIdentity = CosignKeyless.Identity(Environment.GetEnvironmentVariable("GITHUB_SERVER_URL"), Environment.GetEnvironmentVariable("GITHUB_WORKFLOW_REF")),
        };
        return new ImageAttachments(new AttachmentStore(registry), options, engine, log);
    }

    /// <summary>The public half of --signing-key, opened with its password as Publish opens it.</summary>
    async Task<SignatureKey> SigningPublicKeyAsync()
    {
        var signer = await CosignKeySigner.OpenAsync(CudaImages.Signing.SigningKey.Read(SigningKey!), SigningKeyPassword, CancellationToken);
        return SignatureKey.FromPem(signer.PublicKeyPem, "the signing key's public key");
    }

    /// <summary>The parameters the provenance records: what selects and names the images, never a secret.</summary>
    Dictionary<string, string> InvocationParameters() => new()
    {
        ["cuda"] = string.Join(" ", Cuda),
        ["distro"] = string.Join(" ", Distro),
        ["flavor"] = string.Join(" ", Flavor),
        ["image"] = string.Join(" ", Image),
        ["repository"] = BuildPlan.Repository,
        ["registry"] = Registry ?? "",
    };

    /// <summary>This Actions run's page, for provenance and the lock pull request; null outside Actions.</summary>
    static string? RunUrl() =>
        Environment.GetEnvironmentVariable("GITHUB_SERVER_URL") is { Length: > 0 } server && Environment.GetEnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 } repository
        && Environment.GetEnvironmentVariable("GITHUB_RUN_ID") is { Length: > 0 } run
            ? $"{server}/{repository}/actions/runs/{run}"
            : null;
}
