namespace CudaImages.Signing;

/// <summary>Signs with a cosign private key (cosign generate-key-pair: scrypt-encrypted ECDSA P-256) through cosign sign-blob.</summary>
public sealed class CosignKeySigner : ISigner
{
    readonly Dictionary<string, string> environment;

    CosignKeySigner(Dictionary<string, string> environment, string publicKeyPem)
    {
        this.environment = environment;
        PublicKeyPem = publicKeyPem;
    }

    public string PublicKeyPem { get; }

    /// <summary>Opens the key once (cosign public-key), so that a wrong password stops the run before anything is pushed.</summary>
    /// <exception cref="SigningException">No key, a wrong password, or no cosign.</exception>
    public static async Task<CosignKeySigner> OpenAsync(string keyPem, string? password, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string> { [Cosign.KeyVariable] = keyPem, ["COSIGN_PASSWORD"] = password ?? "" };
        var result = await Cosign.RunAsync(["public-key", "--key", "env://" + Cosign.KeyVariable], environment, cancellationToken);
        if (result.ExitCode != 0)
            throw new SigningException(result.Error.Contains("decryption failed")
                ? "--signing-key-password does not open --signing-key (cosign could not decrypt it); give the password the key was made with"
                : $"--signing-key is not a key cosign can sign with ({Cosign.LastError(result)}); make one with cosign generate-key-pair");
        return new CosignKeySigner(environment, result.Output.Trim() + "\n");
    }

    public async Task<string> SignAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("cudaimages-sign-");
        try
        {
            var input = Path.Combine(directory.FullName, "payload");
            var signature = Path.Combine(directory.FullName, "signature");
            await File.WriteAllBytesAsync(input, payload, cancellationToken);
            var result = await Cosign.RunAsync(
                ["sign-blob", "--key", "env://" + Cosign.KeyVariable, "--tlog-upload=false", "--yes", "--output-signature", signature, input],
                environment, cancellationToken);
            if (result.ExitCode != 0)
                throw new SigningException($"cosign sign-blob failed: {Cosign.LastError(result)}");
            return (await File.ReadAllTextAsync(signature, cancellationToken)).Trim();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
