namespace CudaImages.Tests.Building;

/// <summary>
/// How NVIDIA's CUDA packages depend on each other (apt-cache show in NVIDIA's repository, shortened to the packages
/// that matter for the chain), written with X-Y for the CUDA line. A -dev package needs its library, as in NVIDIA's
/// repository; names not listed need nothing.
/// </summary>
public static class NvidiaPackageTable
{
    static readonly Dictionary<string, string[]> Depends = new(StringComparer.Ordinal)
    {
        ["cuda-cudart-X-Y"] = ["cuda-toolkit-X-Y-config-common", "cuda-toolkit-X-config-common", "cuda-toolkit-config-common"],
        ["cuda-libraries-X-Y"] = ["cuda-cudart-X-Y", "cuda-nvrtc-X-Y", "libcublas-X-Y", "libcufft-X-Y", "libcurand-X-Y",
            "libcusolver-X-Y", "libcusparse-X-Y", "libnpp-X-Y", "libnvjitlink-X-Y", "libnvjpeg-X-Y"],
        ["cuda-libraries-dev-X-Y"] = ["cuda-cudart-dev-X-Y", "cuda-nvrtc-dev-X-Y", "libcublas-dev-X-Y", "libcufft-dev-X-Y", "libcurand-dev-X-Y",
            "libcusolver-dev-X-Y", "libcusparse-dev-X-Y", "libnpp-dev-X-Y", "libnvjitlink-dev-X-Y", "libnvjpeg-dev-X-Y"],
        ["cuda-minimal-build-X-Y"] = ["cuda-cudart-dev-X-Y", "cuda-nvcc-X-Y", "cuda-cuobjdump-X-Y", "cuda-cuxxfilt-X-Y"],
        ["cuda-command-line-tools-X-Y"] = ["cuda-cupti-X-Y", "cuda-gdb-X-Y", "cuda-nvdisasm-X-Y", "cuda-nvtx-X-Y", "cuda-sanitizer-X-Y"],
        ["cuda-nvcc-X-Y"] = ["cuda-cudart-dev-X-Y"],
        ["libnccl-dev"] = ["libnccl2"],
        // cuDNN 9 names its packages for the CUDA major, cuDNN 8 does not: both need their library.
        ["libcudnn9-dev-cuda-X"] = ["libcudnn9-cuda-X"],
        ["libcudnn8-dev"] = ["libcudnn8"],
        ["cuda-nvml-dev-X-Y"] = [],
    };

    /// <summary>The packages <paramref name="name"/> depends on, for the CUDA line major.minor.</summary>
    public static IReadOnlyList<string> DependenciesOf(string name, int major, int minor)
    {
        var line = $"-{major}-{minor}";
        var generic = name.Replace(line, "-X-Y").Replace($"-cuda-{major}", "-cuda-X").Replace($"-{major}-config", "-X-config");
        if (Depends.TryGetValue(generic, out var listed))
            return [.. listed.Select(d => d.Replace("-X-Y", line).Replace("-cuda-X", $"-cuda-{major}").Replace("-X-config", $"-{major}-config"))];
        // libcublas-dev-X-Y → libcublas-X-Y, cuda-cudart-dev-X-Y → cuda-cudart-X-Y
        return name.Contains("-dev-") ? [name.Replace("-dev-", "-")] : [];
    }
}
