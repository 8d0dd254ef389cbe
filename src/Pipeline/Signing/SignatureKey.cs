using System.Security.Cryptography;

namespace CudaImages.Signing;

/// <summary>A public key as cosign writes it (cosign.pub: ECDSA P-256, PEM), checking signatures as cosign verify --key does.</summary>
public sealed class SignatureKey(ECDsa key) : IDisposable
{
    /// <exception cref="InputException">The text is not a PEM public key.</exception>
    public static SignatureKey FromPem(string pem, string what)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return new SignatureKey(key);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InputException($"{what} is not an ECDSA public key in PEM (cosign.pub from cosign generate-key-pair, or cosign public-key --key KEY)");
        }
    }

    /// <summary>
    /// sha256:&lt;hex&gt; of the key's DER SubjectPublicKeyInfo: how Publish and Verify name a key without printing it, and what
    /// `openssl pkey -pubin -in cosign.pub -outform DER | sha256sum` prints.
    /// </summary>
    public string Fingerprint => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>Whether <paramref name="signature"/> (base64 DER, as cosign writes it) signs SHA-256 of <paramref name="payload"/>.</summary>
    public bool Signed(byte[] payload, string signature)
    {
        try
        {
            return key.VerifyData(payload, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => key.Dispose();
}
