using System.Text.RegularExpressions;

namespace CudaImages.Model;

/// <summary>What the engine and registries accept as a repository ([host[:port]/]path) or an image reference.</summary>
public static partial class ImageName
{
    [GeneratedRegex(@"^([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    public static bool IsRepository(string text)
    {
        if (!RepositoryPattern().IsMatch(text)) return false;
        // Only a registry host may have capitals; "Acme/cuda" is a path, and paths are lower-case.
        var first = text.Contains('/') ? text[..text.IndexOf('/')] : "";
        return IsHostLike(first) || first == first.ToLowerInvariant();
    }

    /// <summary>repository:tag, as a base image reference must be (no digest: an import names its image by tag).</summary>
    public static bool IsReference(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > text.LastIndexOf('/') && colon > 0
            ? IsRepository(text[..colon]) && TagPattern().IsMatch(text[(colon + 1)..])
            : IsRepository(text);
    }

    static bool IsHostLike(string part) => part.Contains('.') || part.Contains(':') || part == "localhost";
}
