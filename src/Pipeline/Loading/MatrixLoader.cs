using CudaImages.Model;
using CudaImages.Rendering;
using Semver;
using YamlDotNet.RepresentationModel;

namespace CudaImages.Loading;

/// <summary>
/// Loads images/ into an <see cref="ImageMatrix"/> and validates it as a whole before anything runs:
/// every problem is reported with file:line:column and a hint, and any problem throws.
/// </summary>
public static class MatrixLoader
{
    public const string CudaFile = "cuda.yaml";
    public const string DistrosFile = "distros.yaml";
    public const string FlavorsFile = "flavors.yaml";
    public const string MatrixFile = "matrix.yaml";
    public const string SmokeFolder = "smoke";

    static readonly string[] Placeholders = ["major", "minor", "patch", "version", "line"];

    /// <summary>Loads images/; <paramref name="smokeChecks"/> are the checks a flavor may name (Smoke's check registry).</summary>
    public static ImageMatrix Load(string imagesDirectory, SmokeCheckCatalogue smokeChecks)
    {
        var errors = new List<MatrixError>();
        var display = (string file) => Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(imagesDirectory)), file);
        var open = (string file) => YamlFile.Open(Path.Combine(imagesDirectory, file), display(file), errors);
        foreach (var file in new[] { CudaFile, DistrosFile, FlavorsFile, MatrixFile, SmokeFolder }) CheckInside(imagesDirectory, file, errors);
        ThrowIfAny(errors);

        // Files are read in the order they depend on each other, and reading stops at the first file
        // with problems: a broken release must not also be reported as "unknown" wherever it is used.
        var cudaYaml = open(CudaFile);
        var distrosYaml = open(DistrosFile);
        var flavorsYaml = open(FlavorsFile);
        var matrixYaml = open(MatrixFile);
        ThrowIfAny(errors);

        var releases = ReadReleases(cudaYaml!);
        var brands = cudaYaml!.Scalars("brands").Where(b => b.Expect(ValueGrammar.Brand)).Select(b => b.Text).ToList();
        ThrowIfAny(errors);
        var sources = ReadSources(distrosYaml!);
        ThrowIfAny(errors);
        var distros = ReadDistros(distrosYaml!, sources, releases);
        ThrowIfAny(errors);
        var flavors = ReadFlavors(flavorsYaml!, sources, distros, imagesDirectory, smokeChecks);
        ThrowIfAny(errors);
        var (settings, excludes, includes) = ReadRules(matrixYaml!, sources, distros, flavors);
        ThrowIfAny(errors);

        var templates = DockerfileTemplates.Load(imagesDirectory, flavors.Select(f => f.Template));
        var matrix = new ImageMatrix(imagesDirectory, settings, releases, brands, sources, distros, flavors, excludes, includes, templates)
            { SmokeChecks = smokeChecks };
        CheckCombinations(matrix, flavorsYaml!);
        ThrowIfAny(errors);
        return matrix;
    }

    static void ThrowIfAny(List<MatrixError> errors)
    {
        if (errors.Count > 0) throw new MatrixException(errors);
    }

    static List<CudaRelease> ReadReleases(YamlMap root)
    {
        root.Allow("majors", "brands", "releases");
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

    static bool TryCudaVersion(YamlValue value, out SemVersion version)
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

    static List<PackageSource> ReadSources(YamlMap root)
    {
        root.Allow("package_sources", "distros");
        var sources = new List<PackageSource>();
        foreach (var (key, value) in root.Entries("package_sources", required: true))
        {
            key.Expect(ValueGrammar.SourceId);
            var map = root.As(value, $"package source '{key.Text}'").Allow("description", "repository", "forward_compat", "env", "cuda_layout");
            var repository = map.Scalar("repository");
            if (repository is not null) ExpectUrl(repository, "{nvidia_repo}");
            sources.Add(new PackageSource(key.Text, map.String("description", required: true) ?? key.Text,
                repository?.Text, map.Bool("forward_compat"), Environment(map))
            {
                Layout = map.Map("cuda_layout", $"cuda_layout of package source '{key.Text}'") is { } layout ? ReadLayout(layout) : null,
            });
        }
        return sources;
    }

    static CudaLayout ReadLayout(YamlMap map)
    {
        map.Allow("from_packages", "links", "bin_folders", "bin_packages");
        if (map.Bool("from_packages"))
        {
            if (map.Keys.Count() > 1) map.Error("cuda_layout from_packages: true takes no links or bin entries", "the packages make the layout; remove the other keys");
            return CudaLayout.MadeByPackages;
        }
        var links = new List<KeyValuePair<string, string>>();
        foreach (var (name, target) in map.Entries("links", required: true))
        {
            var path = map.ScalarsOf(target, $"links.{name.Text}").FirstOrDefault();
            if (!name.Expect(ValueGrammar.LayoutLink)) continue;
            if (path is null) name.Error($"link {name.Text} names no target", "write the absolute path it points to, e.g. /usr/include");
            else if (path.Text.Replace(CudaLayout.MultiarchPlaceholder, "").IndexOfAny(['<', '>']) >= 0)
                path.Error($"'{path.Text}' uses a placeholder other than {CudaLayout.MultiarchPlaceholder}", $"{CudaLayout.MultiarchPlaceholder} is the only one: it stands for the platform's library folder name, e.g. /usr/lib/{CudaLayout.MultiarchPlaceholder}");
            else if (ValueGrammar.AbsolutePath.Accepts(path.Text.Replace(CudaLayout.MultiarchPlaceholder, "multiarch"))) links.Add(new(name.Text, path.Text));
            else path.Error(ValueGrammar.AbsolutePath.Refusal(path.Text), ValueGrammar.AbsolutePath.Hint);
        }
        var folders = map.Scalars("bin_folders");
        foreach (var f in folders) f.Expect(ValueGrammar.AbsolutePath);
        var packages = map.Scalars("bin_packages");
        foreach (var p in packages) p.Expect(ValueGrammar.DebianPackage);
        return new CudaLayout(false, links, folders.Select(f => f.Text).ToList(), packages.Select(p => p.Text).ToList());
    }

    static IReadOnlyList<KeyValuePair<string, string>> Environment(YamlMap map)
    {
        var env = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in map.Entries("env"))
        {
            if (!name.Expect(ValueGrammar.EnvironmentName)) continue;
            if (value is YamlScalarNode { Value: { } text } scalar)
            {
                var envValue = new YamlValue(text, scalar, name.File);
                CheckPlaceholders(envValue);
                envValue.Expect(ValueGrammar.EnvironmentValue);
                env.Add(new(name.Text, text));
            }
            else
                name.Error($"env {name.Text} must be a single value");
        }
        return env;
    }

    static List<Distro> ReadDistros(YamlMap root, List<PackageSource> sources, List<CudaRelease> releases)
    {
        var distros = new List<Distro>();
        foreach (var (key, value) in root.Entries("distros", required: true))
        {
            var map = root.As(value, $"distro '{key.Text}'")
                .Allow("name", "base_image", "package_source", "nvidia_repo", "bootstrap", "driver_placeholder", "cuda");
            if (!ValueGrammar.DistroId.Accepts(key.Text))
                key.Error($"distro id '{YamlFile.Escaped(key.Text)}' cannot be part of an image tag", ValueGrammar.DistroId.Hint);
            var nameValue = map.Scalar("name", required: true);
            nameValue?.Expect(ValueGrammar.LabelValue);
            var name = nameValue?.Text ?? key.Text;
            var baseValue = map.Scalar("base_image", required: true);
            if (baseValue is not null && !ImageName.IsReference(baseValue.Text))
                baseValue.Error($"'{baseValue.Text}' is not an image reference", "write repository:tag, e.g. debian:12 (no digest)");
            var baseImage = baseValue?.Text ?? "";
            var sourceValue = map.Scalar("package_source", required: true);
            var source = sourceValue is null ? null : sources.FirstOrDefault(s => s.Id == sourceValue.Text);
            if (sourceValue is not null && source is null)
                sourceValue.Error($"unknown package source '{sourceValue.Text}'", ClosestNames.Hint(sourceValue.Text, sources.Select(s => s.Id)));
            var nvidiaRepoValue = map.Scalar("nvidia_repo");
            nvidiaRepoValue?.Expect(ValueGrammar.NvidiaRepo);
            var nvidiaRepo = nvidiaRepoValue?.Text;
            if (source?.Repository?.Contains("{nvidia_repo}") == true && nvidiaRepo is null)
                map.Error($"distro '{key.Text}' uses {source.Id}, whose repository needs nvidia_repo", "add e.g. 'nvidia_repo: ubuntu2204'");

            Bootstrap? bootstrap = null;
            if (map.Map("bootstrap", $"bootstrap of '{key.Text}'") is { } b)
            {
                b.Allow("suite", "variant", "components", "mirror", "source_date_epoch");
                long epoch = 0;
                if (b.Scalar("source_date_epoch") is { } e && e.Expect(ValueGrammar.Epoch))
                    epoch = long.Parse(e.Text, System.Globalization.CultureInfo.InvariantCulture);
                var suite = b.Scalar("suite", required: true);
                suite?.Expect(ValueGrammar.Suite);
                var variant = b.Scalar("variant");
                variant?.Expect(ValueGrammar.Variant);
                var components = b.Scalars("components");
                foreach (var c in components) c.Expect(ValueGrammar.Component);
                var mirror = b.Scalar("mirror");
                if (mirror is not null) ExpectUrl(mirror);
                bootstrap = new Bootstrap(suite?.Text ?? "", variant?.Text ?? "minbase",
                    components.Select(c => c.Text).DefaultIfEmpty("main").ToList(), mirror?.Text, epoch);
            }

            var cuda = new List<SemVersion>();
            foreach (var v in map.Scalars("cuda", required: true))
            {
                if (!TryCudaVersion(v, out var version)) continue;
                if (!releases.Any(r => r.Version.ComparePrecedenceTo(version) == 0))
                    v.Error($"CUDA {v.Text} is not a release of cuda.yaml", ClosestNames.Hint(v.Text, releases.Select(r => r.Full)));
                else if (cuda.Any(c => c.ComparePrecedenceTo(version) == 0))
                    v.Error($"CUDA {v.Text} is listed twice for {key.Text}: it would give duplicate tags", "keep one of them");
                else cuda.Add(version);
            }
            var placeholders = map.Scalars("driver_placeholder");
            foreach (var p in placeholders) p.Expect(ValueGrammar.DebianPackage);
            if (source is null) continue;
            distros.Add(new Distro(key.Text, name, baseImage, source, nvidiaRepo, bootstrap,
                placeholders.Select(p => p.Text).ToList(), cuda));
        }
        return distros;
    }

    static List<Flavor> ReadFlavors(YamlMap root, List<PackageSource> sources, List<Distro> distros, string imagesDirectory,
        SmokeCheckCatalogue smokeChecks)
    {
        root.Allow("flavors");
        var flavors = new List<Flavor>();
        var parents = new Dictionary<string, YamlValue>();
        var packageKeys = sources.Select(s => s.Id).Concat(distros.Select(d => d.Id)).ToList();
        var templatesChecked = new HashSet<string>();
        foreach (var (key, value) in root.Entries("flavors", required: true))
        {
            var map = root.As(value, $"flavor '{key.Text}'")
                .Allow("description", "parent", "template", "packages", "libraries", "env", "smoke", "publish_requires", "size_budget", "framework");
            if (!ValueGrammar.FlavorId.Accepts(key.Text))
                key.Error($"flavor id '{YamlFile.Escaped(key.Text)}' cannot be part of an image tag", ValueGrammar.FlavorId.Hint);

            var parent = map.Scalar("parent");
            if (parent is not null) parents[key.Text] = parent;

            var template = map.Scalar("template", required: true);
            // A template shared by several flavors is checked, and reported, once.
            if (template is not null && template.Expect(ValueGrammar.TemplatePath) && templatesChecked.Add(template.Text))
                CheckTemplate(template, imagesDirectory);

            var packages = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var (pkey, pvalue) in map.Entries("packages"))
            {
                if (!packageKeys.Contains(pkey.Text))
                {
                    pkey.Error($"'{pkey.Text}' under packages of flavor '{key.Text}' is neither a package source nor a distro",
                        ClosestNames.Hint(pkey.Text, packageKeys));
                    continue;
                }
                var names = map.ScalarsOf(pvalue, $"packages.{pkey.Text}");
                foreach (var n in names.Where(CheckPlaceholders)) CheckPackage(n);
                packages[pkey.Text] = names.Select(n => n.Text).ToList();
            }

            var libraries = map.Scalars("libraries");
            foreach (var l in libraries) l.Expect(ValueGrammar.SharedLibrary);
            var smoke = map.Scalars("smoke");
            foreach (var s in smoke.Where(s => !smokeChecks.Contains(s.Text)))
                s.Error($"unknown smoke check '{s.Text}'", ClosestNames.Hint(s.Text, smokeChecks.Names));
            var publishRequires = map.Scalars("publish_requires");
            foreach (var r in publishRequires)
            {
                if (!smokeChecks.Contains(r.Text))
                    r.Error($"unknown smoke check '{r.Text}' in publish_requires", ClosestNames.Hint(r.Text, smokeChecks.Names));
                else if (smoke.All(s => s.Text != r.Text))
                    r.Error($"flavor '{key.Text}' requires smoke check '{r.Text}' for publishing but does not run it",
                        $"add {r.Text} to its smoke list or remove it from publish_requires");
            }

            long? budget = null;
            if (map.Scalar("size_budget") is { } budgetValue)
            {
                if (Size.TryParse(budgetValue.Text, out var bytes)) budget = bytes;
                else budgetValue.Error($"'{budgetValue.Text}' is not a size", "write e.g. 300MB or 4GB");
            }

            Framework? framework = null;
            if (map.Map("framework", $"framework of flavor '{key.Text}'") is { } fw)
                framework = ReadFramework(fw, distros);

            var env = Environment(map);
            flavors.Add(new Flavor(key.Text, map.String("description") ?? "", parent?.Text, template?.Text ?? "",
                packages, libraries.Select(l => l.Text).ToList(), env,
                smoke.Select(s => s.Text).ToList(), budget, framework) { PublishRequires = publishRequires.Select(r => r.Text).Distinct().ToList() });
        }

        foreach (var (child, parent) in parents)
        {
            if (flavors.All(f => f.Id != parent.Text))
                parent.Error($"flavor '{child}' has unknown parent '{parent.Text}'", ClosestNames.Hint(parent.Text, flavors.Select(f => f.Id)));
        }
        foreach (var cycle in ParentCycles(flavors))
            parents[cycle[0]].Error($"flavor parents form a cycle: {string.Join(" → ", cycle.Append(cycle[0]))}",
                "a flavor's chain must end at a flavor without parent");
        return OrderParentsFirst(flavors);
    }

    static void CheckTemplate(YamlValue template, string imagesDirectory)
    {
        var path = Path.Combine(imagesDirectory, DockerfileTemplates.Folder, template.Text);
        if (!File.Exists(path))
            template.Error($"template '{template.Text}' does not exist in images/{DockerfileTemplates.Folder}/",
                ClosestNames.Hint(template.Text, DockerfileTemplates.Available(imagesDirectory)));
        else if (!ContainedPath.IsInside(path, imagesDirectory))
            template.Error($"template '{template.Text}' leads to {ContainedPath.Real(path)}, outside images/",
                "a template must be a file inside images/templates/, not a link to a file elsewhere");
    }

    /// <summary>
    /// The YAML files and the smoke sources (mounted into test containers) must be images/'s own files: a link
    /// leading out would read or expose a host file.
    /// </summary>
    static void CheckInside(string imagesDirectory, string relative, List<MatrixError> errors)
    {
        var path = Path.Combine(imagesDirectory, relative);
        if (!File.Exists(path) && !Directory.Exists(path)) return;
        var paths = Directory.Exists(path)
            ? Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Prepend(path)
            : [path];
        foreach (var entry in paths.Where(p => !ContainedPath.IsInside(p, imagesDirectory)))
        {
            errors.Add(new MatrixError($"images/{Path.GetRelativePath(imagesDirectory, entry).Replace('\\', '/')}", 1, 1,
                $"leads to {ContainedPath.Real(entry)}, outside images/", "replace the link with the file itself"));
            return;
        }
    }

    static Framework ReadFramework(YamlMap fw, List<Distro> distros)
    {
        fw.Allow("name", "version", "wheels");
        // One version for every image, or one per distro or CUDA line.
        var versions = new Dictionary<string, string>();
        if (fw.HasMapping("version"))
            foreach (var (k, v) in fw.Entries("version"))
            {
                if (distros.All(d => d.Id != k.Text) && !ValueGrammar.CudaLine.Accepts(k.Text))
                    k.Error($"framework versions are keyed by distro or CUDA line, and '{YamlFile.Escaped(k.Text)}' is neither",
                        $"use a distro ({string.Join(", ", distros.Select(d => d.Id))}) or a CUDA line such as \"12.4\"");
                var version = fw.ScalarsOf(v, $"version for {k.Text}").FirstOrDefault();
                version?.Expect(ValueGrammar.FrameworkVersion);
                versions[k.Text] = version?.Text ?? "";
            }
        else if (fw.Scalar("version") is { } single && single.Expect(ValueGrammar.FrameworkVersion))
            versions["*"] = single.Text;
        var wheels = new Dictionary<string, FrameworkWheel>();
        foreach (var (line, value) in fw.Entries("wheels"))
        {
            if (!ValueGrammar.CudaLine.Accepts(line.Text))
                line.Error($"wheels are keyed by CUDA line such as \"12.4\", not '{YamlFile.Escaped(line.Text)}'", ValueGrammar.CudaLine.Hint);
            var wheel = fw.As(value, $"wheel for CUDA {line.Text}").Allow("version", "index");
            var version = wheel.Scalar("version", required: true);
            version?.Expect(ValueGrammar.FrameworkVersion);
            var index = wheel.Scalar("index", required: true);
            index?.Expect(ValueGrammar.WheelIndex);
            wheels[line.Text] = new FrameworkWheel(version?.Text ?? "", index?.Text ?? "");
        }
        var name = fw.Scalar("name", required: true);
        name?.Expect(ValueGrammar.FrameworkName);
        return new Framework(name?.Text ?? "", versions, wheels);
    }

    /// <summary>A package as apt-get install takes it: a Debian package name, optionally pinned as name=version.</summary>
    static void CheckPackage(YamlValue package)
    {
        var filled = ValueGrammar.WithPlaceholdersFilled(package.Text);
        var equals = filled.IndexOf('=');
        var (name, version) = equals < 0 ? (filled, null) : (filled[..equals], filled[(equals + 1)..]);
        if (!ValueGrammar.DebianPackage.Accepts(name))
            package.Error(ValueGrammar.DebianPackage.Refusal(package.Text), ValueGrammar.DebianPackage.Hint);
        else if (version is not null && !ValueGrammar.DebianVersion.Accepts(version))
            package.Error($"'{YamlFile.Escaped(package.Text)}' pins a version that is not {ValueGrammar.DebianVersion.Name}", ValueGrammar.DebianVersion.Hint);
    }

    /// <summary>An http(s) URL; <paramref name="placeholder"/>, where given, may stand in it for a value checked on its own.</summary>
    static void ExpectUrl(YamlValue url, string? placeholder = null)
    {
        var example = placeholder is null ? url.Text : url.Text.Replace(placeholder, "x");
        if (!ValueGrammar.Url.Accepts(example))
            url.Error(ValueGrammar.Url.Refusal(url.Text), ValueGrammar.Url.Hint + (placeholder is null ? "" : $"; {placeholder} stands for the distro's value"));
    }

    internal static bool CheckPlaceholders(YamlValue value) => CheckPlaceholders(value, value.Text);

    static bool CheckPlaceholders(YamlValue? at, string text)
    {
        var known = true;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"<([^>]*)>"))
            if (!Placeholders.Contains(m.Groups[1].Value))
            {
                at?.Error($"unknown placeholder <{m.Groups[1].Value}>", $"use one of {string.Join(", ", Placeholders.Select(p => $"<{p}>"))}");
                known = false;
            }
        return known;
    }

    static IEnumerable<List<string>> ParentCycles(List<Flavor> flavors)
    {
        var reported = new HashSet<string>();
        foreach (var start in flavors)
        {
            var path = new List<string>();
            var current = start;
            while (current is not null && !path.Contains(current.Id))
            {
                path.Add(current.Id);
                current = flavors.FirstOrDefault(f => f.Id == current.Parent);
            }
            if (current is null) continue;
            var cycle = path.Skip(path.IndexOf(current.Id)).ToList();
            if (cycle.Any(reported.Contains)) continue;
            foreach (var c in cycle) reported.Add(c);
            yield return cycle;
        }
    }

    static List<Flavor> OrderParentsFirst(List<Flavor> flavors)
    {
        var ordered = new List<Flavor>();
        void Visit(Flavor f, int depth)
        {
            if (ordered.Contains(f) || depth > flavors.Count) return;
            if (flavors.FirstOrDefault(p => p.Id == f.Parent) is { } parent) Visit(parent, depth + 1);
            ordered.Add(f);
        }
        foreach (var f in flavors) Visit(f, 0);
        return ordered;
    }

    static (MatrixSettings, List<MatrixRule>, List<MatrixRule>) ReadRules(
        YamlMap root, List<PackageSource> sources, List<Distro> distros, List<Flavor> flavors)
    {
        root.Allow("repository", "source", "label_prefix", "workflow", "exclude", "include");
        var repository = root.Scalar("repository");
        if (repository is not null && !ImageName.IsRepository(repository.Text))
            repository.Error($"'{YamlFile.Escaped(repository.Text)}' is not a valid image repository name", "use lower-case letters, digits and . _ - /, optionally after a registry host such as localhost:5000/");
        root.Scalar("label_prefix")?.Expect(ValueGrammar.LabelPrefix);
        if (root.Scalar("source") is { } sourceUrl) ExpectUrl(sourceUrl);
        var settings = new MatrixSettings(repository?.Text ?? "cuda", root.String("source") ?? "", root.String("label_prefix") ?? "io.cudaimages");
        if (root.Map("workflow", "workflow") is { } workflow)
            settings = settings with { Workflow = ReadWorkflow(workflow, settings.Workflow) };

        List<MatrixRule> Rules(string key)
        {
            var rules = new List<MatrixRule>();
            foreach (var rule in root.Items(key, $"{key} rule"))
            {
                rule.Allow("cuda", "distro", "flavor", "source", "reason");
                var cuda = rule.Scalar("cuda");
                cuda?.Expect(ValueGrammar.CudaSelector);
                var distro = rule.Scalar("distro");
                if (distro is not null && distros.All(d => d.Id != distro.Text)) distro.Error($"unknown distro '{distro.Text}'", ClosestNames.Hint(distro.Text, distros.Select(d => d.Id)));
                var flavor = rule.Scalar("flavor");
                if (flavor is not null && flavors.All(f => f.Id != flavor.Text)) flavor.Error($"unknown flavor '{flavor.Text}'", ClosestNames.Hint(flavor.Text, flavors.Select(f => f.Id)));
                var source = rule.Scalar("source");
                if (source is not null && sources.All(s => s.Id != source.Text)) source.Error($"unknown package source '{source.Text}'", ClosestNames.Hint(source.Text, sources.Select(s => s.Id)));
                if (cuda is null && distro is null && flavor is null && source is null)
                    rule.Error($"this {key} rule matches every image", "name at least one of cuda, distro, flavor, source");
                var reason = rule.String("reason", required: key == "exclude") ?? "";
                var where = $"{rule.File.DisplayPath}:{rule.Node.Start.Line}";
                rules.Add(new MatrixRule(cuda?.Text, distro?.Text, flavor?.Text, source?.Text, reason, where));
            }
            return rules;
        }
        return (settings, Rules("exclude"), Rules("include"));
    }

    static WorkflowSettings ReadWorkflow(YamlMap map, WorkflowSettings defaults)
    {
        map.Allow("schedule", "runner", "gpu_runner", "registry");
        var schedule = map.Scalar("schedule");
        if (schedule is not null && !ValueGrammar.Cron.Accepts(schedule.Text.Trim(' ')))
            schedule.Error(ValueGrammar.Cron.Refusal(schedule.Text), ValueGrammar.Cron.Hint);

        IReadOnlyList<string> Labels(string key, IReadOnlyList<string> fallback)
        {
            var labels = map.Scalars(key);
            if (labels.Count == 0 && map.Keys.Contains(key))
                map.Error($"{key} lists no runner labels", $"write e.g. '{key}: [{string.Join(", ", fallback)}]' or leave it out");
            foreach (var label in labels) label.Expect(ValueGrammar.RunnerLabel);
            return labels.Count > 0 ? labels.Select(l => l.Text).ToList() : fallback;
        }

        var registry = map.Scalar("registry");
        if (registry is not null)
        {
            var example = registry.Text.Replace(WorkflowSettings.OwnerPlaceholder, "owner");
            var host = example.Contains('/') ? example[..example.IndexOf('/')] : "";
            if (!ImageName.IsRepository(example) || !(host.Contains('.') || host.Contains(':') || host == "localhost"))
                registry.Error($"'{registry.Text}' is not a registry repository", $"write host/path, e.g. ghcr.io/{WorkflowSettings.OwnerPlaceholder}/cuda ({WorkflowSettings.OwnerPlaceholder} is the repository owner)");
        }
        return new WorkflowSettings(schedule?.Text.Trim(' ') ?? defaults.Schedule, Labels("runner", defaults.Runner),
            Labels("gpu_runner", defaults.GpuRunner), registry?.Text ?? defaults.Registry);
    }

    /// <summary>
    /// Checks what only the whole matrix shows: packages and parents for every image it will build. One mistake shows in
    /// many release × distro combinations: it is reported once, with the combinations it applies to.
    /// </summary>
    static void CheckCombinations(ImageMatrix matrix, YamlMap flavorsYaml)
    {
        var found = new List<(YamlNode At, string Message, string Hint, string Where)>();
        foreach (var distro in matrix.Distros)
        foreach (var version in distro.Cuda)
        {
            var cuda = matrix.Release(version);
            var where = $"{cuda}/{distro.Id}";
            foreach (var flavor in matrix.Flavors)
            {
                if (matrix.ExcludedBy(cuda, distro, flavor) is not null) continue;
                if (flavor.Framework is { } fw && !fw.Supports(cuda)) continue;
                var tag = ImageTag.Of(cuda, flavor.Id, distro.Id);
                if (!ImageName.IsTag(tag))
                    flavorsYaml.File.Error(FlavorNode(flavorsYaml, flavor.Id),
                        $"the tag {tag} of flavor '{flavor.Id}' on {distro.Id} is {tag.Length} characters long; registries take at most 128",
                        "shorten the flavor or distro id");
                if (flavor.PackagesFor(distro) is null)
                    found.Add((FlavorNode(flavorsYaml, flavor.Id),
                        $"flavor '{flavor.Id}' has no packages for package source {distro.Source.Id}",
                        $"add '{distro.Source.Id}: [...]' under its packages (or a list for each distro, keyed by its id), or exclude the combinations in matrix.yaml", where));
                foreach (var check in flavor.SmokeChecks.Where(c => CudaLayout.Checks.Contains(c) && distro.Source.Layout is null))
                    found.Add((FlavorNode(flavorsYaml, flavor.Id),
                        $"flavor '{flavor.Id}' runs the {check} smoke check, but package source {distro.Source.Id} gives no /usr/local/cuda layout",
                        $"add cuda_layout to package source {distro.Source.Id} in distros.yaml, or exclude the combinations in matrix.yaml", where));
                if (flavor.Parent is { } parentId)
                {
                    var parent = matrix.Flavor(parentId);
                    if (matrix.ExcludedBy(cuda, distro, parent) is { } rule)
                        found.Add((FlavorNode(flavorsYaml, flavor.Id),
                            $"flavor '{flavor.Id}' needs its parent '{parentId}', which the rule at {rule.Where} excludes",
                            "exclude the child as well or include the parent", where));
                }
            }
        }
        foreach (var same in found.GroupBy(f => (f.At, f.Message, f.Hint)))
            flavorsYaml.File.Error(same.Key.At, $"{same.Key.Message} (for {string.Join(", ", same.Select(f => f.Where))})", same.Key.Hint);
    }

    static YamlNode FlavorNode(YamlMap flavorsYaml, string id) =>
        flavorsYaml.Entries("flavors").FirstOrDefault(e => e.Key.Text == id).Key?.Node ?? flavorsYaml.Node;
}
