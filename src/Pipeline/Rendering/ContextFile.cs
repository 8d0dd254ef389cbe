namespace CudaImages.Rendering;

/// <summary>
/// A file of an image's build context: one of images/context/ that its Dockerfile copies in, or one planning wrote
/// (<see cref="Content"/> set, such as the image's locked package list).
/// </summary>
public sealed record ContextFile(string Path, string SourcePath, string Sha256)
{
    public byte[]? Content { get; init; }

    public static ContextFile Generated(string path, byte[] content) =>
        new(path, "", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))) { Content = content };

    public byte[] Read() => Content ?? File.ReadAllBytes(SourcePath);
}
