using CudaImages.Model;

namespace CudaImages.Building;

/// <summary>
/// Whether this machine runs another platform's programs: qemu-user-static registered with binfmt_misc, with the F flag
/// (the kernel opens the interpreter once, so it works inside containers that do not have it). Checked on this machine,
/// so an engine elsewhere (DOCKER_HOST=tcp://...) must be set up the same way.
/// </summary>
public static class Emulation
{
    public const string BinfmtDirectory = "/proc/sys/fs/binfmt_misc";

    /// <summary>The commands that make <paramref name="platform"/>'s programs run on a Debian or Ubuntu host.</summary>
    public static string Commands(Platform platform) =>
        $"sudo apt-get install -y qemu-user-static binfmt-support && " +
        $"(mountpoint -q {BinfmtDirectory} || sudo mount binfmt_misc -t binfmt_misc {BinfmtDirectory}) && sudo update-binfmts --enable {platform.QemuName}";

    /// <summary>Null when <paramref name="platform"/>'s programs run here; otherwise why not, with the commands that fix it.</summary>
    public static string? Problem(Platform platform, Platform host, string binfmtDirectory = BinfmtDirectory)
    {
        if (platform == host) return null;
        var fix = $"run: {Commands(platform)}";
        if (!File.Exists(Path.Combine(binfmtDirectory, "status")))
            return $"{platform} is not this machine's platform ({host}) and binfmt_misc is not mounted, so its programs cannot run here; {fix}";
        var entry = Path.Combine(binfmtDirectory, platform.QemuName);
        if (!File.Exists(entry))
            return $"{platform} is not this machine's platform ({host}) and no {platform.QemuName} interpreter is registered with binfmt_misc; {fix}";
        var lines = File.ReadAllLines(entry);
        if (!lines.Contains("enabled"))
            return $"{platform}: the {platform.QemuName} interpreter is registered but disabled; run: sudo update-binfmts --enable {platform.QemuName}";
        var flags = lines.FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal))?["flags:".Length..].Trim() ?? "";
        if (!flags.Contains('F'))
            return $"{platform}: {platform.QemuName} is registered without the F flag, so containers cannot find it; " +
                   $"install Debian's qemu-user-static, which registers it with F: sudo update-binfmts --disable {platform.QemuName} && sudo apt-get install --reinstall -y qemu-user-static";
        return null;
    }

    /// <summary>Stops the run, before anything is built, when a platform's programs cannot run here.</summary>
    public static void Require(IEnumerable<Platform> platforms, Platform? host = null)
    {
        var problems = platforms.Distinct().Select(p => Problem(p, host ?? Platform.Host)).OfType<string>().ToList();
        if (problems.Count > 0) throw new InputException(string.Join(Environment.NewLine, problems));
    }
}
