using CudaImages.Model;
using Semver;

namespace CudaImages.Loading;

/// <summary>Reads images/cuda.yaml: the CUDA releases, the majors' compatibility floors and the brands.</summary>
static class CudaYaml
{
    internal static List<CudaRelease> ReadReleases(YamlMap root)
    {
        root.Allow("majors", "brands", "brands_since", "releases");
        var floors = new Dictionary<int, DriverVersion>();
        // A refused major is reported once, not again at every release that would have used it.
        var majorRefused = false;
        foreach (var major in root.Items("majors", "major entry", required: true))
        {
            major.Allow("major", "compat_driver");
            var number = major.Scalar("major", required: true);
            var driver = Driver(major, "compat_driver");
            if (number is null || driver is null) continue;
            if (!number.Expect(ValueGrammar.Major)) { majorRefused = true; continue; }
            var n = int.Parse(number.Text, System.Globalization.CultureInfo.InvariantCulture);
            if (!floors.TryAdd(n, driver)) number.Error($"major {n} is listed twice", "keep one entry per major");
        }

        var releases = new List<CudaRelease>();
        var floorsReported = new HashSet<int>();
        foreach (var entry in root.Items("releases", "release", required: true))
        {
            entry.Allow("version", "min_driver", "architectures", "ptx", "forward_compat", "eol");
            var versionValue = entry.Scalar("version", required: true);
            var minimum = Driver(entry, "min_driver");
            var architectures = Architectures(entry, "architectures", required: true);
            var ptx = Architectures(entry, "ptx", required: false);
            var branches = new List<int>();
            foreach (var b in entry.Scalars("forward_compat").Where(b => b.Expect(ValueGrammar.DriverBranch)))
                branches.Add(int.Parse(b.Text, System.Globalization.CultureInfo.InvariantCulture));
            var eol = entry.Bool("eol");
            if (versionValue is null) continue;
            if (!TryCudaVersion(versionValue, out var version)) continue;
            foreach (var p in ptx.Where(p => architectures.All(a => a.Text != p.Text)))
                p.Error($"PTX architecture {p.Text} is not among the release's architectures", "add it to architectures or remove it from ptx");
            if (releases.Any(r => r.Version.ComparePrecedenceTo(version) == 0))
            {
                versionValue.Error($"CUDA {version} is listed twice", "keep one entry per release");
                continue;
            }
            if (!floors.TryGetValue((int)version.Major, out var floor))
            {
                if (majorRefused) continue;
                versionValue.Error($"no minor-version compatibility floor for major {version.Major}",
                    $"add '- {{ major: {version.Major}, compat_driver: ... }}' under majors");
                continue;
            }
            if (minimum is null) continue;
            if (floor > minimum && floorsReported.Add((int)version.Major))
                entry.Error($"compat_driver {floor} of major {version.Major} is above CUDA {version}'s min_driver {minimum}",
                    "the compatibility floor must not be higher than any release's minimum");
            releases.Add(new CudaRelease(version, minimum, floor, architectures.Select(a => a.Text).ToList(),
                ptx.Select(p => p.Text).ToList(), branches, eol));
        }
        return releases.OrderBy(r => r.Version, SemVersion.PrecedenceComparer).ToList();
    }

    internal static List<string> ReadBrands(YamlMap root) =>
        root.Scalars("brands").Where(b => b.Expect(ValueGrammar.Brand)).Select(b => b.Text).ToList();

    /// <summary>Brand lists by the first CUDA line that uses each (NVIDIA changed its list with 12.5).</summary>
    internal static List<(SemVersion Since, IReadOnlyList<string> Brands)> ReadBrandsSince(YamlMap root)
    {
        var eras = new List<(SemVersion, IReadOnlyList<string>)>();
        foreach (var (line, value) in root.Entries("brands_since"))
        {
            var brands = root.ScalarsOf(value, $"brands since {line.Text}").Where(b => b.Expect(ValueGrammar.Brand)).Select(b => b.Text).ToList();
            if (!line.Expect(ValueGrammar.CudaLine)) continue;
            eras.Add((SemVersion.Parse(line.Text + ".0", SemVersionStyles.Strict), brands));
        }
        return eras.OrderBy(e => e.Item1, SemVersion.PrecedenceComparer).ToList();
    }

    internal static bool TryCudaVersion(YamlValue value, out SemVersion version)
    {
        version = null!;
        return value.Expect(ValueGrammar.CudaVersion) && SemVersion.TryParse(value.Text, SemVersionStyles.Strict, out version!);
    }

    static DriverVersion? Driver(YamlMap map, string key)
    {
        var value = map.Scalar(key, required: true);
        if (value is null) return null;
        return value.Expect(ValueGrammar.DriverVersion) && DriverVersion.TryParse(value.Text, out var driver) ? driver : null;
    }

    static List<YamlValue> Architectures(YamlMap map, string key, bool required)
    {
        var list = map.Scalars(key, required).ToList();
        foreach (var a in list) a.Expect(ValueGrammar.Architecture);
        foreach (var dup in list.GroupBy(a => a.Text).Where(g => g.Count() > 1))
            dup.Last().Error($"{dup.Key} is listed twice in {key}");
        return list;
    }
}
