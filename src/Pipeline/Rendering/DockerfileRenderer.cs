using CudaImages.Model;
using CudaImages.Planning;

namespace CudaImages.Rendering;

/// <summary>Turns one image of the matrix into its Dockerfile, build context and input hash.</summary>
public sealed class DockerfileRenderer(ImageMatrix matrix, DockerfileTemplates templates)
{
    /// <summary>The label BuildImages compares to skip an image whose inputs did not change.</summary>
    public string InputHashLabel => ImageLabels.InputHash(matrix.Settings.LabelPrefix);

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, ContextFile> contextCache = new();

    static readonly System.Text.RegularExpressions.Regex BlankRuns = new(@"\n[ \t]*(\n[ \t]*)+\n", System.Text.RegularExpressions.RegexOptions.Compiled);

    public ImageSpec Render(CudaRelease cuda, Distro distro, Flavor flavor, ImageSpec? parent, IReadOnlyList<string> aliases, string repository)
    {
        var tag = FloatingTags.Tag(cuda, flavor.Id, distro.Id);
        var reference = $"{repository}:{tag}";
        var from = parent?.Reference ?? distro.BaseImage;
        var packages = (flavor.PackagesFor(distro) ?? []).Select(p => Expand(p, cuda)).ToList();
        var require = NvidiaRequireCuda.For(cuda, distro.Source, matrix.Brands);
        var framework = flavor.Framework;
        var frameworkVersion = framework?.VersionFor(cuda, distro) ?? (framework?.Versions.GetValueOrDefault("*"));
        var labels = Labels(cuda, distro, flavor, tag, parent, frameworkVersion);

        var env = new List<KeyValuePair<string, string>>();
        if (parent is null)
        {
            env.AddRange(distro.Source.Environment);
            env.Add(new("CUDA_VERSION", cuda.Full));
            env.Add(new("NVIDIA_REQUIRE_CUDA", require));
        }
        env.AddRange(flavor.Environment.Select(e => new KeyValuePair<string, string>(e.Key, Expand(e.Value, cuda))));

        var model = new Dictionary<string, object?>
        {
            ["image"] = new Dictionary<string, object?>
            {
                ["tag"] = tag, ["reference"] = reference, ["flavor"] = flavor.Id, ["description"] = flavor.Description,
                ["title"] = Title(cuda, distro, flavor),
            },
            ["from"] = from,
            ["parent"] = parent?.Tag,
            ["cuda"] = new Dictionary<string, object?>
            {
                ["version"] = cuda.Full, ["line"] = cuda.Line, ["major"] = cuda.Major, ["minor"] = cuda.Minor,
                ["patch"] = cuda.Patch, ["require"] = require, ["min_driver"] = cuda.MinimumDriver.Text, ["architectures"] = cuda.Architectures, ["ptx"] = cuda.PtxArchitectures,
            },
            ["distro"] = new Dictionary<string, object?>
            {
                ["id"] = distro.Id, ["name"] = distro.Name, ["base_image"] = distro.BaseImage, ["nvidia_repo"] = distro.NvidiaRepo,
                ["suite"] = distro.Bootstrap?.Suite, ["components"] = distro.Bootstrap?.Components,
                ["driver_placeholder"] = distro.DriverPlaceholder,
            },
            ["source"] = new Dictionary<string, object?>
            {
                ["id"] = distro.Source.Id, ["description"] = distro.Source.Description,
                ["repository"] = distro.Source.Repository?.Replace("{nvidia_repo}", distro.NvidiaRepo ?? ""),
                ["forward_compat"] = distro.Source.ForwardCompatibility,
                ["layout"] = distro.Source.Layout is not { } layout ? null : new Dictionary<string, object?>
                {
                    ["from_packages"] = layout.FromPackages,
                    ["links"] = layout.Links.Select(l => new Dictionary<string, object?> { ["name"] = l.Key, ["target"] = l.Value }).ToList(),
                    ["bin_folders"] = layout.BinFolders,
                    ["bin_packages"] = layout.BinPackages,
                },
            },
            ["packages"] = packages,
            ["env"] = env.Select(e => new Dictionary<string, object?> { ["name"] = e.Key, ["value"] = e.Value }).ToList(),
            ["labels"] = labels.Select(l => new Dictionary<string, object?> { ["name"] = l.Key, ["value"] = l.Value }).ToList(),
            ["framework"] = framework is null ? null : new Dictionary<string, object?>
            {
                ["name"] = framework.Name, ["version"] = frameworkVersion,
                ["index"] = framework.Wheels.GetValueOrDefault(cuda.Line)?.Index,
            },
        };

        var body = RenderBody(flavor.Template, model, tag);
        CheckShape(flavor.Template, model, tag, body);
        var context = BuildContextFiles.Of(body, matrix.ImagesDirectory, templates, flavor.Template, contextCache);
        var hash = InputHash.Compute(parent?.InputHash ?? distro.BaseImage, body, context);
        // Last, so that a new commit (REVISION) does not invalidate the cached layers above.
        var dockerfile = body +
            "\n# Everything above and the parent image determine this hash; an image carrying it is not rebuilt.\n" +
            "ARG REVISION=unknown\n" +
            $"LABEL org.opencontainers.image.revision=\"${{REVISION}}\" \\\n      {InputHashLabel}=\"{hash}\"\n";

        return new ImageSpec(tag, reference, aliases, flavor.Id, parent?.Tag, cuda, distro, distro.BaseImage, packages,
            flavor.Libraries, flavor.SmokeChecks, flavor.SizeBudgetBytes, framework?.Name, frameworkVersion, require,
            labels, dockerfile, context, hash) { NeedsGpu = matrix.SmokeChecks.AnyNeedsGpu(flavor.SmokeChecks) };
    }

    string RenderBody(string template, object model, string tag)
    {
        // Templates are written for reading; runs of blank lines they leave are folded into one.
        var rendered = templates.Render(template, model, tag).ReplaceLineEndings("\n");
        return BlankRuns.Replace(rendered, "\n\n").Trim('\n') + "\n";
    }

    /// <summary>
    /// The Dockerfile must have the instructions the template writes with harmless values: a value that ends a line,
    /// a quote or a continuation would add an instruction or a variable. The loader refuses such values; this is the
    /// second line of defence, for a value it did not foresee.
    /// </summary>
    void CheckShape(string template, Dictionary<string, object?> model, string tag, string body)
    {
        var harmless = HarmlessValues.Of(model, out var changed);
        if (!changed) return;
        var expected = DockerfileInstructions.Shape(RenderBody(template, harmless, tag));
        var actual = DockerfileInstructions.Shape(body);
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            if (i < expected.Count && i < actual.Count && expected[i].Shape == actual[i].Shape) continue;
            var found = i < actual.Count ? $"'{actual[i].Shape}' at its line {actual[i].Number}" : "no more instructions";
            var wanted = i < expected.Count ? $"'{expected[i].Shape}'" : "nothing more";
            throw new Loading.MatrixException([new Loading.MatrixError($"images/{DockerfileTemplates.Folder}/{template}", 1, 1,
                $"the Dockerfile of {tag} has {found} where the template writes {wanted}: a value from images/ changed its instructions",
                "a value holds a line break, quote or backslash that the template does not quote: remove it from images/, or quote it in the template (shell_word, in_double_quotes)")]);
        }
    }

    IReadOnlyDictionary<string, string> Labels(CudaRelease cuda, Distro distro, Flavor flavor, string tag, ImageSpec? parent, string? frameworkVersion)
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
        return labels;
    }

    static string Title(CudaRelease cuda, Distro distro, Flavor flavor) => $"CUDA {cuda.Full} {flavor.Id} on {distro.Name}";

    static string Expand(string text, CudaRelease cuda) => text
        .Replace("<major>", cuda.Major.ToString())
        .Replace("<minor>", cuda.Minor.ToString())
        .Replace("<patch>", cuda.Patch.ToString())
        .Replace("<version>", cuda.Full)
        .Replace("<line>", cuda.Line);
}
