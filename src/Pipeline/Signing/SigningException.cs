namespace CudaImages.Signing;

/// <summary>Signing could not be done (no key, a wrong password, cosign missing or failing); the message says what to do.</summary>
public sealed class SigningException(string message) : Exception(message);
