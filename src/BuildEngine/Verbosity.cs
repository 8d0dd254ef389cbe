namespace CudaImages.BuildEngine;

public enum Verbosity
{
    /// <summary>Errors only.</summary>
    Quiet,

    /// <summary>Errors, warnings, successes and the summary.</summary>
    Minimal,

    /// <summary>Also target headers and information.</summary>
    Normal,

    /// <summary>Also debug lines and stack traces.</summary>
    Verbose,
}
