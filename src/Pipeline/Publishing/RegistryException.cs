namespace CudaImages.Publishing;

/// <summary>The registry refused or kept failing a request; the message says what was asked, what it answered, and what to do.</summary>
public sealed class RegistryException(string message, Exception? inner = null) : Exception(message, inner);
