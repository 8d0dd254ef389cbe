namespace CudaImages.Model;

/// <summary>
/// How a package source gives images NVIDIA's layout: <c>/usr/local/cuda-X.Y</c> with <c>/usr/local/cuda-X</c> and
/// <c>/usr/local/cuda</c> pointing at it. NVIDIA's own packages make it themselves (<see cref="FromPackages"/>); for
/// another source the images link NVIDIA's names to where that source installs things.
/// </summary>
public sealed record CudaLayout(
    bool FromPackages,
    IReadOnlyList<KeyValuePair<string, string>> Links,
    IReadOnlyList<string> BinFolders,
    IReadOnlyList<string> BinPackages)
{
    /// <summary>Stands in a link target for the platform's multiarch library folder (x86_64-linux-gnu, aarch64-linux-gnu).</summary>
    public const string MultiarchPlaceholder = "<multiarch>";

    public static readonly CudaLayout MadeByPackages = new(true, [], [], []);

    /// <summary>Smoke checks that need the layout: a flavor declaring one on a source without a layout is a load error.</summary>
    public static readonly IReadOnlyList<string> Checks = ["layout", "cmake"];
}
