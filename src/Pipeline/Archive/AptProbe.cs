using System.Text;
using System.Text.RegularExpressions;
using CudaImages.Locking;
using CudaImages.Model;
using CudaImages.Rendering;

namespace CudaImages.Archive;

/// <summary>What apt said in one throw-away container: per image, what installing its packages would add; per package, the versions the archive offers.</summary>
public sealed record ProbeResult(
    IReadOnlyDictionary<string, IReadOnlyList<LockedPackage>> Installs,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Available);

/// <summary>
/// The shell script that asks real apt, in a container of a chain's base image, what each image's install step would
/// install (apt-get install --simulate, nothing downloaded) and which versions the archive offers (apt-cache madison),
/// and the reader of its output.
/// </summary>
public static class AptProbe
{
    const string ImageMarker = "@@image ";
    const string AvailableMarker = "@@available";
    const string SimulateFolder = "/tmp/simulate";

    // Inst libcudart11.0 (11.8.89~11.8.0-5~deb12u1 Debian:12.12/oldstable [amd64]); an upgrade shows [old] after the name.
    static readonly Regex Inst = new(@"^Inst (?<name>[^\s:]+)(:\S+)? (\[[^\]]*\] )?\((?<version>\S+) (?<origins>[^\[]*?)\s*\[[^\]]*\]\)", RegexOptions.CultureInvariant);

    // Named in the base image's Dockerfile template the same way: Debian's CUDA packages need contrib and non-free, and
    // the driver placeholder keeps apt from choosing the driver's libraries.
    public static string Script(Distro distro, CudaRelease cuda, IReadOnlyList<(string Tag, IReadOnlyList<string> Packages)> installs, IReadOnlyCollection<string> lookUp,
        Platform? platform = null)
    {
        var script = new StringBuilder("set -e\nexport DEBIAN_FRONTEND=noninteractive\n");
        // Docker's Debian and Ubuntu images switch apt's cache file off, so every apt call would rebuild it from the
        // lists (seconds each); in this throw-away container apt-get update writes it once and every later call reads it.
        script.Append("printf '%s\\n' 'Dir::Cache::pkgcache \"/var/cache/apt/pkgcache.bin\";' 'Dir::Cache::srcpkgcache \"/var/cache/apt/srcpkgcache.bin\";'")
            .Append(" > /etc/apt/apt.conf.d/zz-cudaimages-probe\n");
        if (distro.Source.Id == "nvidia-apt")
        {
            var arch = distro.Source.For(platform ?? Platform.Amd64)?.NvidiaArch ?? "";
            var repository = distro.Source.Repository?.Replace("{nvidia_repo}", distro.NvidiaRepo ?? "").Replace("{nvidia_arch}", arch) ?? "";
            script.Append("apt-get -q update >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; exit 1; }\n")
                .Append("apt-get install -y --no-install-recommends ca-certificates curl >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; exit 1; }\n")
                .Append($"curl -fsSL -o /tmp/cuda-keyring.deb {Quote(repository + "cuda-keyring_1.1-1_all.deb")}\n")
                .Append("dpkg -i /tmp/cuda-keyring.deb >/dev/null\n")
                .Append("apt-get purge -y --autoremove curl >/dev/null\n");
        }
        if (distro.Bootstrap is { } bootstrap)
        {
            var components = Quote(string.Join(' ', bootstrap.Components));
            script.Append($"if [ -f /etc/apt/sources.list.d/debian.sources ]; then sed -i \"s/^Components: main\\$/Components: \"{components}\"/\" /etc/apt/sources.list.d/debian.sources; fi\n")
                .Append($"if [ -f /etc/apt/sources.list ]; then sed -i -E \"/^deb .* main\\$/ s/ main\\$/ \"{components}\"/\" /etc/apt/sources.list; fi\n");
        }
        if (distro.DriverPlaceholder.Count > 0)
        {
            var version = cuda.MinimumDriver.Text;
            var provides = string.Join(", ", distro.DriverPlaceholder.Select(name => $"{name} (= {version})"));
            script.Append("mkdir -p /tmp/driver-from-host/DEBIAN\n")
                .Append($"printf '%s\\n' 'Package: cuda-driver-from-host' {Quote("Version: " + version)} 'Architecture: all' 'Maintainer: CudaImages' {Quote("Provides: " + provides)} 'Description: placeholder' > /tmp/driver-from-host/DEBIAN/control\n")
                .Append("dpkg-deb --build /tmp/driver-from-host /tmp/driver-from-host.deb >/dev/null\n")
                .Append("dpkg -i /tmp/driver-from-host.deb >/dev/null\n");
        }
        script.Append("apt-get -q update >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; exit 1; }\n");
        if (installs.Count > 0)
        {
            script.Append($"mkdir -p {SimulateFolder}\n");
            for (var i = 0; i < installs.Count; i++)
                script.Append($"cat > {SimulateFolder}/{i}.sh <<'SIMULATE'\n")
                    .Append("apt-get install --simulate --no-install-recommends -o Debug::NoLocking=1 ")
                    .Append(string.Join(' ', installs[i].Packages.Select(Quote))).Append("\nSIMULATE\n");
            // Each image's resolution only reads apt's cache: they run side by side, as many at once as there are cores.
            script.Append($"ls {SimulateFolder}/*.sh | xargs -P \"$(nproc)\" -n 1 sh -c 'sh \"$1\" > \"${{1%.sh}}.out\" 2>&1 || touch \"${{1%.sh}}.failed\"' sh\n");
            for (var i = 0; i < installs.Count; i++)
                script.Append($"echo {Quote(ImageMarker + installs[i].Tag)}\n")
                    .Append($"cat {SimulateFolder}/{i}.out\n")
                    .Append($"if [ -e {SimulateFolder}/{i}.failed ]; then exit 1; fi\n");
        }
        if (lookUp.Count > 0)
            script.Append($"echo {AvailableMarker}\n")
                .Append("apt-cache madison ").Append(string.Join(' ', lookUp.Order(StringComparer.Ordinal).Select(Quote))).Append(" || true\n");
        return script.ToString();
    }

    /// <summary>Reads the script's output; <paramref name="codename"/> turns apt's archive names (oldstable-security) into suites (bookworm-security).</summary>
    public static ProbeResult Parse(string output, string? codename)
    {
        var installs = new Dictionary<string, IReadOnlyList<LockedPackage>>();
        var available = new Dictionary<string, List<string>>();
        List<LockedPackage>? current = null;
        var inAvailable = false;
        foreach (var raw in output.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith(ImageMarker, StringComparison.Ordinal))
            {
                installs[line[ImageMarker.Length..]] = current = [];
                inAvailable = false;
            }
            else if (line == AvailableMarker)
            {
                inAvailable = true;
                current = null;
            }
            else if (inAvailable && line.Split('|', StringSplitOptions.TrimEntries) is [var name, var version, _])
            {
                if (!available.TryGetValue(name, out var versions)) available[name] = versions = [];
                if (!versions.Contains(version)) versions.Add(version);
            }
            else if (current is not null && Inst.Match(line) is { Success: true } inst)
                current.Add(new LockedPackage(inst.Groups["name"].Value, inst.Groups["version"].Value, Suite(inst.Groups["origins"].Value, codename)));
        }
        return new ProbeResult(installs, available.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value));
    }

    /// <summary>
    /// The suite a version comes from, by codename: "Debian:12.12/oldstable, Debian-Security:12/oldstable-security" is in the security suite,
    /// bookworm-security. Names like oldstable change meaning with each Debian release; the codename does not.
    /// </summary>
    public static string Suite(string origins, string? codename)
    {
        var archives = origins.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(o => o[(o.LastIndexOf('/') + 1)..])
            .Where(a => a.Length > 0)
            .ToList();
        var archive = archives.FirstOrDefault(a => a.EndsWith("-security", StringComparison.Ordinal)) ?? archives.FirstOrDefault() ?? "unknown";
        if (codename is null) return archive;
        var dash = archive.IndexOf('-');
        var name = dash < 0 ? archive : archive[..dash];
        return name is "stable" or "oldstable" or "oldoldstable" or "testing" or "unstable" ? codename + (dash < 0 ? "" : archive[dash..]) : archive;
    }

    static string Quote(string word) => "'" + DockerfileQuoting.InSingleQuotes(word) + "'";
}
