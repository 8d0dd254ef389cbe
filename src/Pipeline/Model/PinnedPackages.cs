namespace CudaImages.Model;

/// <summary>
/// What NVIDIA's own image of one CUDA release on one distro installs and sets (images/nvidia-packages.yaml): the
/// version of each package, the cuDNN tag family NVIDIA ships for it, its ld.so.conf lines and its variables per flavor.
/// </summary>
public sealed record PinnedPackages(
    string Cuda,
    string Distro,
    IReadOnlyDictionary<string, string> Versions,
    string? CudnnFamily,
    IReadOnlyList<string>? LdSoConf,
    IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> Environment,
    string Where)
{
    /// <summary>NVIDIA installs the package without a version.</summary>
    public const string Unpinned = "unpinned";

    /// <summary>NVIDIA's image of this release and distro has no such package.</summary>
    public const string None = "none";

    /// <summary>The word apt-get install takes for <paramref name="name"/> (name=version, or the name alone where NVIDIA leaves it unpinned); null where NVIDIA installs no such package.</summary>
    public string? InstallWord(string name) => Versions[name] switch
    {
        None => null,
        Unpinned => name,
        var version => $"{name}={version}",
    };

    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentOf(string flavor) =>
        Environment.TryGetValue(flavor, out var env) ? env : [];
}
