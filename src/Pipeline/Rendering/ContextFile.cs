namespace CudaImages.Rendering;

/// <summary>A file of images/context/ that an image's Dockerfile copies in.</summary>
public sealed record ContextFile(string Path, string SourcePath, string Sha256);
