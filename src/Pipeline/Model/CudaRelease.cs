using Semver;

namespace CudaImages.Model;

/// <summary>One CUDA Toolkit release and the facts the images derive from it.</summary>
public sealed record CudaRelease(
    SemVersion Version,
    DriverVersion MinimumDriver,
    DriverVersion CompatibilityDriver,
    IReadOnlyList<string> Architectures,
    IReadOnlyList<string> PtxArchitectures,
    IReadOnlyList<int> ForwardCompatibleBranches,
    bool EndOfLife)
{
    public int Major => (int)Version.Major;
    public int Minor => (int)Version.Minor;
    public int Patch => (int)Version.Patch;

    /// <summary>12.4.1</summary>
    public string Full => $"{Major}.{Minor}.{Patch}";

    /// <summary>12.4: the line a floating alias and NVIDIA_REQUIRE_CUDA speak of.</summary>
    public string Line => $"{Major}.{Minor}";

    /// <summary>A value of images/ with the release's placeholders (&lt;major&gt;, &lt;minor&gt;, &lt;patch&gt;, &lt;version&gt;, &lt;line&gt;) filled.</summary>
    public string Expand(string text) => text
        .Replace("<major>", Major.ToString())
        .Replace("<minor>", Minor.ToString())
        .Replace("<patch>", Patch.ToString())
        .Replace("<version>", Full)
        .Replace("<line>", Line);

    public override string ToString() => Full;
}
