using System.Runtime.InteropServices;

namespace CudaImages.Model;

/// <summary>An OCI platform an image is built for, as the engine and registries write it: linux/amd64, linux/arm64.</summary>
public sealed record Platform(string Os, string Architecture)
{
    public static Platform Amd64 { get; } = new("linux", "amd64");
    public static Platform Arm64 { get; } = new("linux", "arm64");

    /// <summary>The platforms the pipeline can build: Debian and NVIDIA ship CUDA for these two.</summary>
    public static IReadOnlyList<Platform> Known { get; } = [Amd64, Arm64];

    /// <summary>This machine's platform, which builds without emulation.</summary>
    public static Platform Host => RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? Arm64 : Amd64;

    public string Id => $"{Os}/{Architecture}";

    /// <summary>
    /// What a local tag carries after the image's tag so that one image's platforms coexist in one engine:
    /// nothing for linux/amd64 (the names stay what they always were), "-arm64" for arm64.
    /// </summary>
    public string TagSuffix => this == Amd64 ? "" : "-" + Architecture;

    /// <summary>The name binfmt_misc registers for the qemu-user-static interpreter that runs this platform's programs.</summary>
    public string QemuName => Architecture switch { "arm64" => "qemu-aarch64", "amd64" => "qemu-x86_64", _ => "qemu-" + Architecture };

    /// <summary>The platform for linux/amd64 or linux/arm64 (also arm64/v8, aarch64, x86_64), or null for anything else.</summary>
    public static Platform? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "linux/amd64" or "amd64" or "x86_64" or "linux/x86_64" => Amd64,
        "linux/arm64" or "linux/arm64/v8" or "arm64" or "aarch64" or "linux/aarch64" => Arm64,
        _ => null,
    };

    public override string ToString() => Id;
}

/// <summary>
/// What a package source says for one platform: the path of NVIDIA's repository for it (x86_64, sbsa) and whether its
/// images install cuda-compat with NVIDIA's brand clauses (NVIDIA's arm64 images do not: only cuda&gt;=X.Y).
/// </summary>
public sealed record SourcePlatform(Platform Platform, string? NvidiaArch, bool ForwardCompatibility);
