using System.Text.RegularExpressions;

namespace CudaImages.Model;

/// <summary>What the engine and registries accept as a repository ([host[:port]/]path) or an image reference.</summary>
public static partial class ImageName
{
    [GeneratedRegex(@"\A([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*\z")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex TagPattern();

    /// <summary>The OCI distribution spec's limit on a repository name (without the tag).</summary>
    public const int MaxRepositoryLength = 255;

    public static bool IsRepository(string text)
    {
        if (text.Length > MaxRepositoryLength || !RepositoryPattern().IsMatch(text)) return false;
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

    /// <summary>A tag as registries take it: at most 128 letters, digits and _ . -, not starting with . or -.</summary>
    public static bool IsTag(string text) => TagPattern().IsMatch(text);

    static bool IsHostLike(string part) => part.Contains('.') || part.Contains(':') || part == "localhost";
}
