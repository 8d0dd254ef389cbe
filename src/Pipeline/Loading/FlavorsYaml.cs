using CudaImages.Model;
using CudaImages.Rendering;

namespace CudaImages.Loading;

/// <summary>Reads images/flavors.yaml: the flavors, their parents, templates, packages and frameworks.</summary>
static class FlavorsYaml
{
    internal static List<Flavor> ReadFlavors(YamlMap root, List<PackageSource> sources, List<Distro> distros, string imagesDirectory,
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
                .Allow("description", "parent", "template", "packages", "pinned", "hold", "cudnn", "libraries", "env", "smoke", "publish_requires", "size_budget", "framework");
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
                foreach (var n in names.Where(SharedValues.CheckPlaceholders)) CheckPackage(n);
                packages[pkey.Text] = names.Select(n => n.Text).ToList();
            }

            var holds = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var (hkey, hvalue) in map.Entries("hold"))
            {
                var names = map.ScalarsOf(hvalue, $"hold.{hkey.Text}");
                var installed = packages.GetValueOrDefault(hkey.Text) ?? [];
                foreach (var n in names.Where(n => !installed.Contains(n.Text)))
                    n.Error($"flavor '{key.Text}' holds {n.Text}, which it does not install from {hkey.Text}",
                        $"hold only packages of its packages.{hkey.Text} list, or add it there");
                holds[hkey.Text] = names.Select(n => n.Text).ToList();
            }
            var cudnn = map.Scalar("cudnn");
            cudnn?.Expect(ValueGrammar.FlavorId);

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

            var env = SharedValues.Environment(map);
            flavors.Add(new Flavor(key.Text, map.String("description") ?? "", parent?.Text, template?.Text ?? "",
                packages, libraries.Select(l => l.Text).ToList(), env,
                smoke.Select(s => s.Text).ToList(), budget, framework)
            { PublishRequires = publishRequires.Select(r => r.Text).Distinct().ToList(), Holds = holds, CudnnFamily = cudnn?.Text, Pinned = map.Bool("pinned", fallback: true) });
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

    static Framework ReadFramework(YamlMap fw, List<Distro> distros)
    {
        fw.Allow("name", "version", "wheels", "cuda_libraries_from");
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
        var librariesFrom = fw.Scalar("cuda_libraries_from");
        librariesFrom?.Expect(ValueGrammar.CudaLibrariesFrom);
        return new Framework(name?.Text ?? "", versions, wheels)
        {
            CudaLibrariesFrom = librariesFrom is not null && ValueGrammar.CudaLibrariesFrom.Accepts(librariesFrom.Text) ? librariesFrom.Text : Framework.FromPackages,
        };
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
}
