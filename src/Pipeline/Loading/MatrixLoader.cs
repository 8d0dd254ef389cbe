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

    static readonly string[] Placeholders = ["major", "minor", "patch", "version", "line"];

    /// <summary>Loads images/; <paramref name="smokeChecks"/> are the checks a flavor may name (Smoke's check registry).</summary>
    public static ImageMatrix Load(string imagesDirectory, SmokeCheckCatalogue smokeChecks)
    {
        var errors = new List<MatrixError>();
        var display = (string file) => Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(imagesDirectory)), file);
        var open = (string file) => YamlFile.Open(Path.Combine(imagesDirectory, file), display(file), errors);

        // Files are read in the order they depend on each other, and reading stops at the first file
        // with problems: a broken release must not also be reported as "unknown" wherever it is used.
        var cudaYaml = open(CudaFile);
        var distrosYaml = open(DistrosFile);
        var flavorsYaml = open(FlavorsFile);
        var matrixYaml = open(MatrixFile);
        ThrowIfAny(errors);

        var releases = ReadReleases(cudaYaml!);
        var brands = cudaYaml!.Scalars("brands").Select(b => b.Text).ToList();
        ThrowIfAny(errors);
        var sources = ReadSources(distrosYaml!);
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
        foreach (var major in root.Items("majors", "major entry", required: true))
        {
            major.Allow("major", "compat_driver");
            var number = major.Scalar("major", required: true);
            var driver = Driver(major, "compat_driver");
            if (number is null || driver is null) continue;
            if (!int.TryParse(number.Text, out var n)) number.Error($"major must be a number such as 12, not '{number.Text}'");
            else if (!floors.TryAdd(n, driver)) number.Error($"major {n} is listed twice", "keep one entry per major");
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
            foreach (var b in entry.Scalars("forward_compat"))
            {
                if (int.TryParse(b.Text, out var branch)) branches.Add(branch);
                else b.Error($"forward_compat lists driver branches such as 535, not '{b.Text}'");
            }
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
        if (!System.Text.RegularExpressions.Regex.IsMatch(value.Text, @"^\d+\.\d+\.\d+$") ||
            !SemVersion.TryParse(value.Text, SemVersionStyles.Strict, out version!))
        {
            value.Error($"'{value.Text}' is not a full CUDA version", "write X.Y.Z, e.g. 12.4.1 (quote nothing, no 'v')");
            version = null!;
            return false;
        }
        return true;
    }

    static DriverVersion? Driver(YamlMap map, string key)
    {
        var value = map.Scalar(key, required: true);
        if (value is null) return null;
        if (DriverVersion.TryParse(value.Text, out var driver)) return driver;
        value.Error($"'{value.Text}' is not a driver version", "write it as nvidia-smi shows it, e.g. 535.154.05");
        return null;
    }

    static List<YamlValue> Architectures(YamlMap map, string key, bool required)
    {
        var list = map.Scalars(key, required).ToList();
        foreach (var a in list.Where(a => !System.Text.RegularExpressions.Regex.IsMatch(a.Text, @"^sm_\d{2,3}[af]?$")))
            a.Error($"'{a.Text}' is not a GPU architecture", "write it as nvcc does, e.g. sm_90");
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
            var map = root.As(value, $"package source '{key.Text}'").Allow("description", "repository", "forward_compat", "env");
            sources.Add(new PackageSource(key.Text, map.String("description", required: true) ?? key.Text,
                map.String("repository"), map.Bool("forward_compat"), Environment(map)));
        }
        return sources;
    }

    static IReadOnlyList<KeyValuePair<string, string>> Environment(YamlMap map)
    {
        var env = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in map.Entries("env"))
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(name.Text, "^[A-Za-z_][A-Za-z0-9_]*$"))
                name.Error($"'{name.Text}' is not an environment variable name");
            else if (value is YamlScalarNode { Value: { } text } scalar)
            {
                CheckPlaceholders(new YamlValue(text, scalar, name.File));
                CheckDockerfileText(new YamlValue(text, scalar, name.File));
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
            if (!System.Text.RegularExpressions.Regex.IsMatch(key.Text, @"^[a-z][a-z0-9.]*$"))
                key.Error($"distro id '{key.Text}' cannot be part of an image tag", "use lower-case letters, digits and dots, e.g. ubuntu22.04");
            var nameValue = map.Scalar("name", required: true);
            if (nameValue is not null) CheckDockerfileText(nameValue);
            var name = nameValue?.Text ?? key.Text;
            var baseValue = map.Scalar("base_image", required: true);
            if (baseValue is not null && !ImageName.IsReference(baseValue.Text))
                baseValue.Error($"'{baseValue.Text}' is not an image reference", "write repository:tag, e.g. debian:12 (no digest)");
            var baseImage = baseValue?.Text ?? "";
            var sourceValue = map.Scalar("package_source", required: true);
            var source = sourceValue is null ? null : sources.FirstOrDefault(s => s.Id == sourceValue.Text);
            if (sourceValue is not null && source is null)
                sourceValue.Error($"unknown package source '{sourceValue.Text}'", ClosestNames.Hint(sourceValue.Text, sources.Select(s => s.Id)));
            var nvidiaRepo = map.String("nvidia_repo");
            if (source?.Repository?.Contains("{nvidia_repo}") == true && nvidiaRepo is null)
                map.Error($"distro '{key.Text}' uses {source.Id}, whose repository needs nvidia_repo", "add e.g. 'nvidia_repo: ubuntu2204'");

            Bootstrap? bootstrap = null;
            if (map.Map("bootstrap", $"bootstrap of '{key.Text}'") is { } b)
            {
                b.Allow("suite", "variant", "components", "mirror", "source_date_epoch");
                long epoch = 0;
                if (b.Scalar("source_date_epoch") is { } e && !long.TryParse(e.Text, out epoch))
                    e.Error($"source_date_epoch must be seconds since 1970, not '{e.Text}'", "e.g. 1747699200");
                bootstrap = new Bootstrap(b.String("suite", required: true) ?? "", b.String("variant") ?? "minbase",
                    b.Scalars("components").Select(c => c.Text).DefaultIfEmpty("main").ToList(), b.String("mirror"), epoch);
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
            if (source is null) continue;
            distros.Add(new Distro(key.Text, name, baseImage, source, nvidiaRepo, bootstrap,
                map.Scalars("driver_placeholder").Select(p => p.Text).ToList(), cuda));
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
        foreach (var (key, value) in root.Entries("flavors", required: true))
        {
            var map = root.As(value, $"flavor '{key.Text}'")
                .Allow("description", "parent", "template", "packages", "libraries", "env", "smoke", "publish_requires", "size_budget", "framework");
            if (!System.Text.RegularExpressions.Regex.IsMatch(key.Text, "^[a-z][a-z0-9-]*$"))
                key.Error($"flavor id '{key.Text}' cannot be part of an image tag", "use lower-case letters, digits and dashes");

            var parent = map.Scalar("parent");
            if (parent is not null) parents[key.Text] = parent;

            var template = map.Scalar("template", required: true);
            if (template is not null && !File.Exists(Path.Combine(imagesDirectory, DockerfileTemplates.Folder, template.Text)))
                template.Error($"template '{template.Text}' does not exist in images/{DockerfileTemplates.Folder}/",
                    ClosestNames.Hint(template.Text, DockerfileTemplates.Available(imagesDirectory)));

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
                foreach (var n in names) CheckPlaceholders(n);
                foreach (var n in names.Where(n => !System.Text.RegularExpressions.Regex.IsMatch(n.Text, @"^[a-z0-9<][a-z0-9.+\-<>]*$")))
                    n.Error($"'{n.Text}' is not a Debian package name", "package names are lower-case: letters, digits, . + -");
                packages[pkey.Text] = names.Select(n => n.Text).ToList();
            }

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
                packages, map.Scalars("libraries").Select(l => l.Text).ToList(), env,
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

    static Framework ReadFramework(YamlMap fw, List<Distro> distros)
    {
        fw.Allow("name", "version", "wheels");
        // One version for every image, or one per distro or CUDA line.
        var versions = new Dictionary<string, string>();
        if (fw.HasMapping("version"))
            foreach (var (k, v) in fw.Entries("version"))
                versions[k.Text] = fw.ScalarsOf(v, $"version for {k.Text}").FirstOrDefault()?.Text ?? "";
        else if (fw.String("version") is { } single)
            versions["*"] = single;
        var wheels = new Dictionary<string, FrameworkWheel>();
        foreach (var (line, value) in fw.Entries("wheels"))
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(line.Text, @"^\d+\.\d+$"))
                line.Error($"wheels are keyed by CUDA line such as \"12.4\", not '{line.Text}'");
            var wheel = fw.As(value, $"wheel for CUDA {line.Text}").Allow("version", "index");
            wheels[line.Text] = new FrameworkWheel(wheel.String("version", required: true) ?? "", wheel.String("index", required: true) ?? "");
        }
        return new Framework(fw.String("name", required: true) ?? "", versions, wheels);
    }

    internal static void CheckPlaceholders(YamlValue value) => CheckPlaceholders(value, value.Text);

    /// <summary>Values written between double quotes in ENV and LABEL lines must not end the quotes or the line.</summary>
    static void CheckDockerfileText(YamlValue value)
    {
        if (value.Text.IndexOfAny(['"', '\\', '\n', '\r']) >= 0)
            value.Error($"'{value.Text}' goes into a Dockerfile ENV or LABEL line and must not contain a double quote, backslash or line break",
                "leave those characters out");
    }

    static void CheckPlaceholders(YamlValue? at, string text)
    {
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"<([^>]*)>"))
            if (!Placeholders.Contains(m.Groups[1].Value))
                at?.Error($"unknown placeholder <{m.Groups[1].Value}>", $"use one of {string.Join(", ", Placeholders.Select(p => $"<{p}>"))}");
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
            repository.Error($"'{repository.Text}' is not a valid image repository name", "use lower-case letters, digits and . _ - /, optionally after a registry host such as localhost:5000/");
        if (root.Scalar("label_prefix") is { } prefix && !System.Text.RegularExpressions.Regex.IsMatch(prefix.Text, @"^[a-z0-9]+([.-][a-z0-9]+)*$"))
            prefix.Error($"'{prefix.Text}' is not a label prefix", "use reverse-DNS style, e.g. io.cudaimages");
        if (root.Scalar("source") is { } sourceUrl) CheckDockerfileText(sourceUrl);
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
                if (cuda is not null && !CudaSelector.IsValid(cuda.Text)) cuda.Error($"'{cuda.Text}' is not a CUDA release, line or major", "e.g. 12, 12.4 or 12.4.1");
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
        if (schedule is not null && !System.Text.RegularExpressions.Regex.IsMatch(schedule.Text.Trim(), @"^[0-9A-Za-z*/,\-]+( +[0-9A-Za-z*/,\-]+){4}$"))
            schedule.Error($"'{schedule.Text}' is not a cron schedule", "write five fields, minute hour day month weekday, e.g. \"0 4 * * 1\" for Mondays 04:00 UTC");

        IReadOnlyList<string> Labels(string key, IReadOnlyList<string> fallback)
        {
            var labels = map.Scalars(key);
            if (labels.Count == 0 && map.Keys.Contains(key))
                map.Error($"{key} lists no runner labels", $"write e.g. '{key}: [{string.Join(", ", fallback)}]' or leave it out");
            foreach (var label in labels.Where(l => !System.Text.RegularExpressions.Regex.IsMatch(l.Text, @"^[A-Za-z0-9][A-Za-z0-9._-]*$")))
                label.Error($"'{label.Text}' is not a runner label", "labels are letters, digits and . _ -, e.g. [self-hosted, linux, x64, gpu]");
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
        return new WorkflowSettings(schedule?.Text.Trim() ?? defaults.Schedule, Labels("runner", defaults.Runner),
            Labels("gpu_runner", defaults.GpuRunner), registry?.Text ?? defaults.Registry);
    }

    /// <summary>Checks what only the whole matrix shows: packages and parents for every image it will build.</summary>
    static void CheckCombinations(ImageMatrix matrix, YamlMap flavorsYaml)
    {
        var errors = new List<MatrixError>();
        foreach (var distro in matrix.Distros)
        foreach (var version in distro.Cuda)
        {
            var cuda = matrix.Release(version);
            foreach (var flavor in matrix.Flavors)
            {
                if (matrix.ExcludedBy(cuda, distro, flavor) is not null) continue;
                if (flavor.Framework is { } fw && !fw.Supports(cuda)) continue;
                if (flavor.PackagesFor(distro) is null)
                    flavorsYaml.File.Error(FlavorNode(flavorsYaml, flavor.Id),
                        $"flavor '{flavor.Id}' has no packages for distro {distro.Id} (package source {distro.Source.Id})",
                        $"add '{distro.Id}: [...]' or '{distro.Source.Id}: [...]' under its packages, or exclude the combination in matrix.yaml");
                if (flavor.Parent is { } parentId)
                {
                    var parent = matrix.Flavor(parentId);
                    if (matrix.ExcludedBy(cuda, distro, parent) is { } rule)
                        flavorsYaml.File.Error(FlavorNode(flavorsYaml, flavor.Id),
                            $"flavor '{flavor.Id}' for CUDA {cuda} on {distro.Id} needs its parent '{parentId}', which the rule at {rule.Where} excludes",
                            "exclude the child as well or include the parent");
                }
            }
        }
    }

    static YamlNode FlavorNode(YamlMap flavorsYaml, string id) =>
        flavorsYaml.Entries("flavors").FirstOrDefault(e => e.Key.Text == id).Key?.Node ?? flavorsYaml.Node;
}
