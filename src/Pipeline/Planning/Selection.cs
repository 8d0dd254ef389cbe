namespace CudaImages.Planning;

/// <summary>
/// What the user asked for: --cuda (12 = every 12.x, 12.1 = newest 12.1 patch, 12.1.1 = exact),
/// --distro, --flavor, --image (tag glob). Empty lists select everything.
/// </summary>
public sealed record Selection(
    IReadOnlyList<string> Cuda,
    IReadOnlyList<string> Distros,
    IReadOnlyList<string> Flavors,
    IReadOnlyList<string> Images)
{
    public static Selection All { get; } = new([], [], [], []);

    /// <summary>--platform: the platforms to build (linux/amd64, linux/arm64); empty means this machine's platform.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    public override string ToString()
    {
        var parts = new List<string>();
        if (Cuda.Count > 0) parts.Add("--cuda " + string.Join(' ', Cuda));
        if (Distros.Count > 0) parts.Add("--distro " + string.Join(' ', Distros));
        if (Flavors.Count > 0) parts.Add("--flavor " + string.Join(' ', Flavors));
        if (Images.Count > 0) parts.Add("--image " + string.Join(' ', Images));
        if (Platforms.Count > 0) parts.Add("--platform " + string.Join(',', Platforms));
        return parts.Count == 0 ? "(everything)" : string.Join(' ', parts);
    }
}
