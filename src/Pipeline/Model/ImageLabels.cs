namespace CudaImages.Model;

/// <summary>The labels the pipeline reads back from images, under matrix.yaml's label_prefix.</summary>
public static class ImageLabels
{
    /// <summary>The hash of everything that determines the image: BuildImages skips an image that carries the planned one.</summary>
    public static string InputHash(string prefix) => $"{prefix}.input-hash";

    /// <summary>The exact image ID an image was built FROM: a rebuilt parent makes its children stale.</summary>
    public static string ParentId(string prefix) => $"{prefix}.parent-id";

    /// <summary>The hash of the packages the image's chain installed, as its distro's lock file says: equal labels, equal package versions.</summary>
    public static string PackageSet(string prefix) => $"{prefix}.package-set";
}
