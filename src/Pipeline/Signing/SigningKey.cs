namespace CudaImages.Signing;

/// <summary>--signing-key: the path of a cosign private key, or the key's PEM itself (as CI secrets hold it).</summary>
public static class SigningKey
{
    /// <summary>The key's PEM.</summary>
    /// <exception cref="SigningException">Neither a PEM nor a readable file; the message never repeats the value.</exception>
    public static string Read(string value)
    {
        if (value.Contains("-----BEGIN", StringComparison.Ordinal)) return value;
        if (value.Contains('\n') || !File.Exists(value))
            throw new SigningException("--signing-key names no key file and holds no PEM key: give the path of a cosign private key (cosign generate-key-pair) or its PEM content");
        var pem = File.ReadAllText(value);
        if (!pem.Contains("-----BEGIN", StringComparison.Ordinal))
            throw new SigningException("--signing-key's file holds no PEM key: give the cosign private key that cosign generate-key-pair wrote (cosign.key)");
        return pem;
    }
}
