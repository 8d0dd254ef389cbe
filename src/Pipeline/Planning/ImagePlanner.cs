using CudaImages.Model;
using CudaImages.Rendering;

namespace CudaImages.Planning;

/// <summary>
/// One image of the matrix planned: its facts (tag, packages, env, labels, NVIDIA_REQUIRE_CUDA) and the template model
/// computed here, the Dockerfile rendered from them, and the result hashed into the <see cref="ImageSpec"/>.
/// </summary>
public sealed class ImagePlanner(ImageMatrix matrix)
{
    readonly DockerfileRenderer renderer = new(matrix.ImagesDirectory, matrix.Templates);

    /// <summary>The label BuildImages compares to skip an image whose inputs did not change.</summary>
    public string InputHashLabel => ImageLabels.InputHash(matrix.Settings.LabelPrefix);

    public ImageSpec Plan(CudaRelease cuda, Distro distro, Flavor flavor, ImageSpec? parent, IReadOnlyList<string> aliases, string repository) =>
        Plan(cuda, distro, flavor, Platform.Amd64, parent, aliases, repository);

    public ImageSpec Plan(CudaRelease cuda, Distro distro, Flavor flavor, Platform platform, ImageSpec? parent, IReadOnlyList<string> aliases, string repository)
    {
        var publishedTag = ImageTag.Of(cuda, flavor.Id, distro.Id);
        // One image's platforms coexist in the engine under their own local tags; they share the published tag.
        var tag = publishedTag + platform.TagSuffix;
        var reference = $"{repository}:{tag}";
        var baseImage = distro.BaseImageFor(platform);
        var from = parent?.Reference ?? baseImage;
        var sourcePlatform = distro.Source.For(platform)
            ?? throw new InputException($"--platform {platform}: package source {distro.Source.Id} of {distro.Id} has no packages for it");
        var pins = distro.Source.Pinned && flavor.Pinned ? matrix.PinsFor(cuda, distro) : null;
        var names = Loading.MatrixLoader.PackageNames(cuda, distro, flavor);
        // A pinned source installs NVIDIA's exact versions, leaves out what NVIDIA's image of this release lacks, and holds what NVIDIA holds.
        var packages = pins is null ? names.ToList() : names.Select(pins.InstallWord).OfType<string>().ToList();
        var holds = flavor.HoldsFor(distro).Select(h => Expand(h, cuda))
            .Where(h => pins is null || pins.InstallWord(h) is not null).ToList();
        var require = NvidiaRequireCuda.For(cuda, sourcePlatform.ForwardCompatibility, matrix.BrandsFor(cuda));
        // Each platform's packages are locked in their own section, under the image's local tag: the archive builds each architecture apart.
        var locked = LockedPackages.For(matrix.LockOf(distro), tag, flavor.Id, packages, parent?.LockedSet, platform);
        var framework = flavor.Framework;
        var frameworkVersion = framework?.VersionFor(cuda, distro) ?? (framework?.Versions.GetValueOrDefault("*"));
        var labels = Labels(cuda, distro, flavor, publishedTag, parent, frameworkVersion, locked);

        var env = new List<KeyValuePair<string, string>>();
        if (parent is null)
        {
            env.AddRange(distro.Source.Environment);
            env.Add(new("CUDA_VERSION", cuda.Full));
            env.Add(new("NVIDIA_REQUIRE_CUDA", require));
        }
        env.AddRange(flavor.Environment.Select(e => new KeyValuePair<string, string>(e.Key, Expand(e.Value, cuda))));
        foreach (var variable in pins?.EnvironmentOf(flavor.Id) ?? [])
        {
            var at = env.FindIndex(e => e.Key == variable.Key);
            if (at >= 0) env[at] = variable;
            else env.Add(variable);
        }
        // nvidia-packages.yaml is read from NVIDIA's x86_64 stage; NVARCH names the platform's own repository path (sbsa).
        if (env.FindIndex(e => e.Key == "NVARCH") is var nvarch and >= 0 && sourcePlatform.NvidiaArch is { } arch)
            env[nvarch] = new("NVARCH", arch);

        var model = new Dictionary<string, object?>
        {
            ["image"] = new Dictionary<string, object?>
            {
                ["tag"] = tag,
                ["reference"] = reference,
                ["flavor"] = flavor.Id,
                ["description"] = flavor.Description,
                ["title"] = Title(cuda, distro, flavor),
            },
            ["from"] = parent is null ? from : ParentPlaceholder,
            ["parent"] = parent?.Tag,
            ["cuda"] = new Dictionary<string, object?>
            {
                ["version"] = cuda.Full,
                ["line"] = cuda.Line,
                ["major"] = cuda.Major,
                ["minor"] = cuda.Minor,
                ["patch"] = cuda.Patch,
                ["require"] = require,
                ["min_driver"] = cuda.MinimumDriver.Text,
                ["architectures"] = cuda.Architectures,
                ["ptx"] = cuda.PtxArchitectures,
            },
            ["distro"] = new Dictionary<string, object?>
            {
                ["id"] = distro.Id,
                ["name"] = distro.Name,
                ["base_image"] = distro.BaseImage,
                ["nvidia_repo"] = distro.NvidiaRepo,
                ["suite"] = distro.Bootstrap?.Suite,
                ["components"] = distro.Bootstrap?.Components,
                ["driver_placeholder"] = distro.DriverPlaceholder,
            },
            ["source"] = new Dictionary<string, object?>
            {
                ["id"] = distro.Source.Id,
                ["description"] = distro.Source.Description,
                ["repository"] = distro.Source.Repository?.Replace("{nvidia_repo}", distro.NvidiaRepo ?? "").Replace("{nvidia_arch}", sourcePlatform.NvidiaArch ?? ""),
                ["forward_compat"] = sourcePlatform.ForwardCompatibility,
                ["layout"] = distro.Source.Layout is not { } layout ? null : new Dictionary<string, object?>
                {
                    ["from_packages"] = layout.FromPackages,
                    ["links"] = layout.Links.Select(l => new Dictionary<string, object?> { ["name"] = l.Key, ["target"] = l.Value }).ToList(),
                    ["bin_folders"] = layout.BinFolders,
                    ["bin_packages"] = layout.BinPackages,
                },
            },
            ["platform"] = new Dictionary<string, object?>
            {
                ["id"] = platform.Id,
                ["architecture"] = platform.Architecture,
                ["nvidia_arch"] = sourcePlatform.NvidiaArch,
            },
            ["packages"] = locked?.Pinned ?? packages,
            ["holds"] = holds,
            ["ld_so_conf"] = pins?.LdSoConf ?? DriverLibraryFolders,
            ["lock"] = locked is null ? null : new Dictionary<string, object?>
            {
                ["file"] = locked.ContextFile.Path,
                ["in_image"] = locked.PathInImage,
                ["source"] = locked.Source,
            },
            ["env"] = env.Select(e => new Dictionary<string, object?> { ["name"] = e.Key, ["value"] = e.Value }).ToList(),
            ["labels"] = labels.Select(l => new Dictionary<string, object?> { ["name"] = l.Key, ["value"] = l.Value }).ToList(),
            ["framework"] = framework is null ? null : new Dictionary<string, object?>
            {
                ["name"] = framework.Name,
                ["version"] = frameworkVersion,
                ["index"] = framework.Wheels.GetValueOrDefault(cuda.Line)?.Index,
            },
        };

        var rendered = renderer.Render(flavor.Template, model, tag, locked is null ? [] : [locked.ContextFile]);
        // The parent is in the hash by its own input hash; the name it goes by in this run's engine (the repository) is not
        // an input: the build is given the parent's exact image ID. So a run under another repository (the tests', a
        // fork's registry) hashes, labels and caches the same layers.
        var hash = InputHash.Compute(parent?.InputHash ?? baseImage, rendered.Body, rendered.Context);
        var dockerfile = DockerfileRenderer.Stamped(parent is null ? rendered.Body : rendered.Body.Replace(ParentPlaceholder, from), InputHashLabel, hash);

        return new ImageSpec(tag, reference, aliases, flavor.Id, parent?.Tag, cuda, distro, baseImage, packages,
            flavor.Libraries, flavor.SmokeChecks, flavor.SizeBudgetBytes, framework?.Name, frameworkVersion, require,
            labels, dockerfile, rendered.Context, hash)
        {
            NeedsGpu = matrix.SmokeChecks.AnyNeedsGpu(flavor.SmokeChecks),
            Lock = locked?.Image,
            LockedSet = locked?.Set,
            CudaLibrariesFrom = framework?.CudaLibrariesFrom,
            Platform = platform,
            PublishedTag = publishedTag,
        };
    }

    /// <summary>What a child's template sees as <c>from</c> while its input hash is computed; the Dockerfile has the parent's reference there.</summary>
    const string ParentPlaceholder = "cudaimages-parent-image";

    IReadOnlyDictionary<string, string> Labels(CudaRelease cuda, Distro distro, Flavor flavor, string tag, ImageSpec? parent, string? frameworkVersion,
        LockedPackages? locked)
    {
        var prefix = matrix.Settings.LabelPrefix;
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.title"] = Title(cuda, distro, flavor),
            ["org.opencontainers.image.version"] = tag,
            ["org.opencontainers.image.source"] = matrix.Settings.SourceUrl,
            [$"{prefix}.cuda"] = cuda.Full,
            [$"{prefix}.flavor"] = flavor.Id,
            [$"{prefix}.distro"] = distro.Id,
            [$"{prefix}.min-driver"] = cuda.MinimumDriver.Text,
        };
        if (parent is not null) labels[$"{prefix}.parent"] = parent.Tag;
        if (flavor.Framework is { } fw && frameworkVersion is not null) labels[$"{prefix}.framework"] = $"{fw.Name} {frameworkVersion}";
        if (locked is not null) labels[ImageLabels.PackageSet(prefix)] = locked.SetHash;
        return labels;
    }

    /// <summary>Where the NVIDIA Container Toolkit mounts the driver's libraries: what ld.so.conf lists unless NVIDIA's image of the release lists others.</summary>
    static readonly IReadOnlyList<string> DriverLibraryFolders = ["/usr/local/nvidia/lib", "/usr/local/nvidia/lib64"];

    static string Title(CudaRelease cuda, Distro distro, Flavor flavor) => $"CUDA {cuda.Full} {flavor.Id} on {distro.Name}";

    static string Expand(string text, CudaRelease cuda) => cuda.Expand(text);
}
