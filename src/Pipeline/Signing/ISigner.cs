namespace CudaImages.Signing;

/// <summary>Signs bytes with the publisher's key: an ECDSA signature, base64, as cosign puts it in annotations and envelopes.</summary>
public interface ISigner
{
    /// <summary>The public key in PEM, which consumers give cosign verify --key.</summary>
    string PublicKeyPem { get; }

    Task<string> SignAsync(byte[] payload, CancellationToken cancellationToken);
}
