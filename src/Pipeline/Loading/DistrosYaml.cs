using CudaImages.Model;
using Semver;

namespace CudaImages.Loading;

/// <summary>Reads images/distros.yaml: the package sources (with their cuda_layout) and the distros built on them.</summary>
static class DistrosYaml
{
    internal static List<PackageSource> ReadSources(YamlMap root)
    {
        root.Allow("package_sources", "distros");
        var sources = new List<PackageSource>();
        foreach (var (key, value) in root.Entries("package_sources", required: true))
        {
            key.Expect(ValueGrammar.SourceId);
            var map = root.As(value, $"package source '{key.Text}'").Allow("description", "repository", "forward_compat", "pinned", "env", "cuda_layout", "platforms");
            var repository = map.Scalar("repository");
            if (repository is not null) SharedValues.ExpectUrl(repository, "{nvidia_repo}", "{nvidia_arch}");
            var forwardCompat = map.Bool("forward_compat");
            var platforms = ReadSourcePlatforms(map, key.Text, forwardCompat);
            if (repository?.Text.Contains("{nvidia_arch}") == true && platforms.Any(p => p.NvidiaArch is null))
                repository.Error($"package source '{key.Text}' puts {{nvidia_arch}} in its repository, but a platform names none",
                    "give every platform its path, e.g. 'linux/arm64: { nvidia_arch: sbsa }'");
            sources.Add(new PackageSource(key.Text, map.String("description", required: true) ?? key.Text,
                repository?.Text, forwardCompat, SharedValues.Environment(map))
            {
                Layout = map.Map("cuda_layout", $"cuda_layout of package source '{key.Text}'") is { } layout ? ReadLayout(layout) : null,
                Pinned = map.Bool("pinned"),
                Platforms = platforms,
            });
        }
        return sources;
    }

    /// <summary>A source's <c>platforms:</c> (platform: its facts); linux/amd64 with the source's forward_compat when it has none.</summary>
    static List<SourcePlatform> ReadSourcePlatforms(YamlMap map, string source, bool forwardCompat)
    {
        var platforms = new List<SourcePlatform>();
        foreach (var (key, value) in map.Entries("platforms"))
        {
            var platform = ExpectPlatform(key);
            var facts = map.As(value is YamlDotNet.RepresentationModel.YamlScalarNode { Value: null or "" or "~" } ? new YamlDotNet.RepresentationModel.YamlMappingNode() : value,
                $"platform '{key.Text}' of package source '{source}'").Allow("nvidia_arch", "forward_compat");
            var arch = facts.Scalar("nvidia_arch");
            arch?.Expect(ValueGrammar.NvidiaRepo);
            if (platform is null) continue;
            if (platforms.Any(p => p.Platform == platform)) key.Error($"platform {platform} is listed twice for '{source}'", "keep one of them");
            else platforms.Add(new SourcePlatform(platform, arch?.Text, facts.Bool("forward_compat", forwardCompat)));
        }
        return platforms.Count > 0 ? platforms : [new SourcePlatform(Platform.Amd64, null, forwardCompat)];
    }

    static Platform? ExpectPlatform(YamlValue value)
    {
        if (Platform.Parse(value.Text) is { } platform && platform.Id == value.Text) return platform;
        value.Error($"'{YamlFile.Escaped(value.Text)}' is not a platform the pipeline builds",
            $"write one of {string.Join(", ", Platform.Known.Select(p => p.Id))}");
        return null;
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

    internal static List<Distro> ReadDistros(YamlMap root, List<PackageSource> sources, List<CudaRelease> releases)
    {
        var distros = new List<Distro>();
        foreach (var (key, value) in root.Entries("distros", required: true))
        {
            var map = root.As(value, $"distro '{key.Text}'")
                .Allow("name", "base_image", "package_source", "nvidia_repo", "bootstrap", "driver_placeholder", "cuda", "platforms");
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
                if (mirror is not null) SharedValues.ExpectUrl(mirror);
                bootstrap = new Bootstrap(suite?.Text ?? "", variant?.Text ?? "minbase",
                    components.Select(c => c.Text).DefaultIfEmpty("main").ToList(), mirror?.Text, epoch);
            }

            var cuda = new List<SemVersion>();
            foreach (var v in map.Scalars("cuda", required: true))
            {
                if (!CudaYaml.TryCudaVersion(v, out var version)) continue;
                if (!releases.Any(r => r.Version.ComparePrecedenceTo(version) == 0))
                    v.Error($"CUDA {v.Text} is not a release of cuda.yaml", ClosestNames.Hint(v.Text, releases.Select(r => r.Full)));
                else if (cuda.Any(c => c.ComparePrecedenceTo(version) == 0))
                    v.Error($"CUDA {v.Text} is listed twice for {key.Text}: it would give duplicate tags", "keep one of them");
                else cuda.Add(version);
            }
            var placeholders = map.Scalars("driver_placeholder");
            foreach (var p in placeholders) p.Expect(ValueGrammar.DebianPackage);
            var platforms = new List<Platform>();
            foreach (var p in map.Scalars("platforms"))
            {
                if (ExpectPlatform(p) is not { } platform) continue;
                if (source is not null && source.For(platform) is null)
                    p.Error($"package source '{source.Id}' has no packages for {platform}", $"it has {string.Join(", ", source.Platforms.Select(s => s.Platform.Id))}; add the platform there first");
                else if (platforms.Contains(platform)) p.Error($"platform {platform} is listed twice for {key.Text}", "keep one of them");
                else platforms.Add(platform);
            }
            if (source is null) continue;
            var distro = new Distro(key.Text, name, baseImage, source, nvidiaRepo, bootstrap,
                placeholders.Select(p => p.Text).ToList(), cuda);
            distros.Add(platforms.Count > 0 ? distro with { Platforms = platforms } : distro);
        }
        return distros;
    }
}
