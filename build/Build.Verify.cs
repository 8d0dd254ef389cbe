using CudaImages;
using CudaImages.BuildEngine;
using CudaImages.Publishing;
using CudaImages.Signing;
using CudaImages.Verifying;

partial class Build
{
    [Parameter("Verify: the public key (a path to cosign.pub, or its PEM) every signature must verify with; without it a signature need only be there")]
    readonly string? Key;

    Target Verify => _ => _
        .Description("Check the selected tags in --registry as a consumer would: each names a digest that is signed (with --key), with its SBOMs and provenance attached and about that digest")
        .DependsOn(Plan)
        .After(Publish)
        .Requires(() => Registry)
        .Executes(async () =>
        {
            var target = RegistryRepository.Parse(Registry!);
            var credential = RegistryCredentials.Resolve(target, RegistryUsername, RegistryPassword);
            using var registry = new RegistryClient(target, credential, onRetry: Log.Warning);
            using var key = Key is null ? null : SignatureKey.FromPem(PublicKeyText(Key), "--key");
            if (key is null) Log.Warning("no --key: signatures are checked to be there and about the digest, not who made them");
            else Log.Information($"signatures must verify with the key {key.Fingerprint}");
            await registry.CheckAccessAsync(CancellationToken);

            var verifier = new ImageVerifier(registry, key);
            var failed = new List<TagVerdict>();
            // The tags users pull: one per image, whatever its platforms (an index names them).
            foreach (var tag in BuildPlan.Images.SelectMany(i => new[] { i.PublishedTag }.Concat(i.Aliases)).Distinct())
            {
                var verdict = await verifier.VerifyAsync(tag, CancellationToken);
                if (verdict.Passed) Log.Information(verdict.ToString());
                else
                {
                    Log.Error(verdict.ToString());
                    failed.Add(verdict);
                }
            }
            if (failed.Count > 0)
                throw new VerificationException($"{failed.Count} tag{(failed.Count == 1 ? "" : "s")} failed verification in {target}: {string.Join(" | ", failed)}");
        });

    static string PublicKeyText(string value)
    {
        if (value.Contains("-----BEGIN", StringComparison.Ordinal)) return value;
        if (!File.Exists(value)) throw new InputException($"--key {value}: no such file; give cosign.pub's path or its PEM");
        return File.ReadAllText(value);
    }
}
