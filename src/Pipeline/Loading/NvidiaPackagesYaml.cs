using CudaImages.Model;

namespace CudaImages.Loading;

/// <summary>
/// Reads images/nvidia-packages.yaml: per CUDA release and distro of a pinned package source, the versions of the
/// packages NVIDIA's images install, their cuDNN tag family, ld.so.conf lines and variables; then checks it against
/// the matrix: every package a flavor installs has a version, every version belongs to a package a flavor installs.
/// </summary>
sealed class NvidiaPackagesYaml
{
    readonly Dictionary<(string Cuda, string Distro, string Package), YamlValue> packageKeys = [];
    readonly Dictionary<(string Cuda, string Distro, string Flavor), YamlValue> envKeys = [];
    readonly Dictionary<(string Cuda, string Distro), YamlValue> cudnnValues = [];

    public List<PinnedPackages> Pins { get; } = [];

    internal static NvidiaPackagesYaml Read(YamlMap? root, List<CudaRelease> releases, List<Distro> distros, List<Flavor> flavors)
    {
        var read = new NvidiaPackagesYaml();
        if (root is null) return read;
        root.Allow("releases");
        var families = flavors.Select(f => f.CudnnFamily).OfType<string>().Distinct().ToList();
        foreach (var (releaseKey, releaseNode) in root.Entries("releases"))
        {
            if (!CudaYaml.TryCudaVersion(releaseKey, out var version)) continue;
            if (releases.All(r => r.Version.ComparePrecedenceTo(version) != 0))
            {
                releaseKey.Error($"CUDA {releaseKey.Text} is not a release of cuda.yaml", ClosestNames.Hint(releaseKey.Text, releases.Select(r => r.Full)));
                continue;
            }
            foreach (var (distroKey, distroNode) in root.As(releaseNode, $"release {releaseKey.Text}").Entries())
                read.ReadEntry(root, releaseKey.Text, distroKey, distroNode, distros, flavors, families);
        }
        return read;
    }

    void ReadEntry(YamlMap root, string cuda, YamlValue distroKey, YamlDotNet.RepresentationModel.YamlNode node,
        List<Distro> distros, List<Flavor> flavors, List<string> families)
    {
        var distro = distros.FirstOrDefault(d => d.Id == distroKey.Text);
        if (distro is null)
        {
            distroKey.Error($"unknown distro '{distroKey.Text}'", ClosestNames.Hint(distroKey.Text, distros.Select(d => d.Id)));
            return;
        }
        if (!distro.Source.Pinned)
        {
            distroKey.Error($"distro {distro.Id} takes its packages from {distro.Source.Id}, which is not pinned",
                $"remove the entry, or add 'pinned: true' to package source {distro.Source.Id} in distros.yaml");
            return;
        }
        var map = root.As(node, $"{cuda} on {distro.Id}").Allow("packages", "cudnn", "ld_so_conf", "env");
        var versions = new Dictionary<string, string>();
        foreach (var (name, value) in map.Entries("packages", required: true))
        {
            var version = map.ScalarsOf(value, $"the version of {name.Text}").FirstOrDefault();
            if (!name.Expect(ValueGrammar.DebianPackage)) continue;
            if (version is null) { name.Error($"{name.Text} has no version", $"write its version, {PinnedPackages.Unpinned} or {PinnedPackages.None}"); continue; }
            if (version.Text is not (PinnedPackages.Unpinned or PinnedPackages.None) && !ValueGrammar.DebianVersion.Accepts(version.Text))
            {
                version.Error($"'{YamlFile.Escaped(version.Text)}' (for {name.Text}) is not {ValueGrammar.DebianVersion.Name}",
                    $"{ValueGrammar.DebianVersion.Hint}; or {PinnedPackages.Unpinned} (NVIDIA installs it without a version) or {PinnedPackages.None} (NVIDIA installs no such package)");
                continue;
            }
            versions[name.Text] = version.Text;
            packageKeys[(cuda, distro.Id, name.Text)] = name;
        }
        var cudnn = map.Scalar("cudnn");
        if (cudnn is not null)
        {
            if (!families.Contains(cudnn.Text))
                cudnn.Error($"no flavor belongs to the cuDNN family '{YamlFile.Escaped(cudnn.Text)}'", ClosestNames.Hint(cudnn.Text, families));
            else cudnnValues[(cuda, distro.Id)] = cudnn;
        }
        var ldSoConf = map.Scalars("ld_so_conf");
        foreach (var line in ldSoConf) line.Expect(ValueGrammar.AbsolutePath);
        var env = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>();
        if (map.Map("env", $"env of {cuda} on {distro.Id}") is { } envMap)
            foreach (var (flavor, _) in envMap.Entries())
            {
                if (flavors.All(f => f.Id != flavor.Text))
                {
                    flavor.Error($"unknown flavor '{flavor.Text}'", ClosestNames.Hint(flavor.Text, flavors.Select(f => f.Id)));
                    continue;
                }
                env[flavor.Text] = SharedValues.Environment(envMap, flavor.Text);
                envKeys[(cuda, distro.Id, flavor.Text)] = flavor;
            }
        Pins.Add(new PinnedPackages(cuda, distro.Id, versions, cudnn?.Text, ldSoConf.Count > 0 ? ldSoConf.Select(l => l.Text).ToList() : null, env,
            $"{distroKey.File.DisplayPath}:{distroKey.Node.Start.Line}"));
    }

    /// <summary>
    /// Every release of a pinned distro has its entry; every package its flavors install has a version there, and every
    /// version, cuDNN family and env block there belongs to an image of the matrix.
    /// </summary>
    internal void Check(ImageMatrix matrix, YamlMap distrosYaml, YamlMap flavorsYaml, Func<CudaRelease, Distro, Flavor, IReadOnlyList<string>> packagesOf)
    {
        var missing = new List<(Flavor Flavor, string Package, string Where)>();
        foreach (var distro in matrix.Distros.Where(d => d.Source.Pinned))
            foreach (var version in distro.Cuda)
            {
                var cuda = matrix.Release(version);
                var pins = matrix.PinsFor(cuda, distro);
                if (pins is null)
                {
                    ReleaseOf(distrosYaml, distro.Id, cuda.Full).Error(
                        $"CUDA {cuda} on {distro.Id} has no package versions in {MatrixLoader.NvidiaPackagesFile}: its images would install whatever the repository holds",
                        $"add '{cuda}: {distro.Id}:' under releases in {MatrixLoader.NvidiaPackagesFile}, read from NVIDIA's dist/{cuda}/{distro.NvidiaRepo}/ Dockerfiles, or remove {cuda} from the distro's cuda list");
                    continue;
                }
                var flavors = matrix.Flavors.Where(f => matrix.Has(cuda, distro, f)).ToList();
                var installed = new HashSet<string>();
                foreach (var flavor in flavors.Where(f => f.Pinned))
                    foreach (var package in packagesOf(cuda, distro, flavor))
                    {
                        if (pins.Versions.ContainsKey(package)) installed.Add(package);
                        else missing.Add((flavor, package, $"{cuda}/{distro.Id}"));
                    }
                foreach (var package in pins.Versions.Keys.Where(p => !installed.Contains(p)))
                    packageKeys[(cuda.Full, distro.Id, package)].Error(
                        $"no flavor installs {package} on {distro.Id} with CUDA {cuda}",
                        "remove its version, or add the package to a flavor's packages in flavors.yaml");
                foreach (var flavor in pins.Environment.Keys.Where(f => flavors.All(x => x.Id != f)))
                    envKeys[(cuda.Full, distro.Id, flavor)].Error(
                        $"the matrix has no {flavor} image of CUDA {cuda} on {distro.Id}", "remove its env, or give the flavor its image");
            }
        foreach (var same in missing.GroupBy(m => (m.Flavor.Id, m.Package)))
            flavorsYaml.File.Error(MatrixLoader.FlavorNode(flavorsYaml, same.Key.Id),
                $"flavor '{same.Key.Id}' installs {same.Key.Package}, which has no version in {MatrixLoader.NvidiaPackagesFile} (for {string.Join(", ", same.Select(m => m.Where))})",
                $"add '{same.Key.Package}: <version>' (as NVIDIA's Dockerfile pins it), '{PinnedPackages.Unpinned}' or '{PinnedPackages.None}' under the packages of those releases");
    }

    static YamlValue ReleaseOf(YamlMap distrosYaml, string distro, string cuda)
    {
        var node = distrosYaml.Entries("distros").First(e => e.Key.Text == distro).Value;
        return distrosYaml.As(node, distro).Scalars("cuda").First(v => v.Text == cuda);
    }
}
