namespace CudaImages.BuildEngine;

/// <summary>A parameter's text as one source gave it, with where it came from for error messages.</summary>
sealed record RawValue(IReadOnlyList<string> Values, string Origin, AbsolutePath RelativeTo)
{
    /// <summary>" (from environment variable CUDA)"; empty for the command line, whose flag the message already names.</summary>
    public bool FromCommandLine => Origin.Length == 0;

    public string FromWhere => Origin.Length == 0 ? "" : $" (from {Origin})";
}
