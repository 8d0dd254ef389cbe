namespace CudaImages.Docker;

/// <summary>An image reference split the way the engine's API wants it: repository and tag apart.</summary>
sealed record ImageReference(string Repository, string Tag)
{
    /// <summary>
    /// "localhost:5000/cuda:12.4.1-base" → ("localhost:5000/cuda", "12.4.1-base"): the tag is after the last colon
    /// that follows the last slash, so a registry port is never taken for a tag. No tag means "latest".
    /// </summary>
    public static ImageReference Parse(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.Contains('@'))
            throw new ArgumentException(
                $"\"{reference}\" is not a name:tag image reference (digests cannot be tagged or imported to)", nameof(reference));

        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/')
            ? new ImageReference(reference[..colon], reference[(colon + 1)..])
            : new ImageReference(reference, "latest");
    }

    public override string ToString() => $"{Repository}:{Tag}";
}
