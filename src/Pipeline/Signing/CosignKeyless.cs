namespace CudaImages.Signing;

/// <summary>
/// Keyless signing, for GitHub Actions: cosign sign with the job's OIDC token (id-token: write) gets a short-lived certificate
/// from Fulcio and records the signature in Rekor; cosign pushes it with the docker login's credentials.
/// </summary>
public static class CosignKeyless
{
    public const string GitHubOidc = "GitHub OIDC";

    public static async Task SignAsync(string referenceWithDigest, CancellationToken cancellationToken)
    {
        var result = await Cosign.RunAsync(["sign", "--yes", referenceWithDigest], new Dictionary<string, string>(), cancellationToken);
        if (result.ExitCode != 0)
            throw new SigningException($"cosign sign (keyless) {referenceWithDigest} failed: {Cosign.LastError(result)}");
    }

    /// <summary>
    /// The identity a keyless signature made in this GitHub Actions run carries: Fulcio's certificate for a workflow names
    /// <c>{server}/{workflow ref}</c>, what <c>cosign verify --certificate-identity</c> wants. Outside Actions only the issuer is known.
    /// </summary>
    public static string Identity(string? serverUrl, string? workflowRef) =>
        string.IsNullOrWhiteSpace(serverUrl) || string.IsNullOrWhiteSpace(workflowRef)
            ? GitHubOidc
            : $"{GitHubOidc}: {serverUrl.TrimEnd('/')}/{workflowRef}";
}
