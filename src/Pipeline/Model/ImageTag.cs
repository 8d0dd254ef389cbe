namespace CudaImages.Model;

/// <summary>The exact tag of one image of the matrix, release-flavor-distro (12.4.1-devel-ubuntu22.04): the name every stage knows it by.</summary>
public static class ImageTag
{
    public static string Of(CudaRelease cuda, string flavor, string distro) => $"{cuda.Full}-{flavor}-{distro}";
}
