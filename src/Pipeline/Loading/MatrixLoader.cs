using CudaImages.Model;
using CudaImages.Rendering;
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
    public const string NvidiaPackagesFile = "nvidia-packages.yaml";
    public const string SmokeFolder = "smoke";

    /// <summary>
    /// Loads images/; <paramref name="smokeChecks"/> are the checks a flavor may name (Smoke's check registry).
    /// <paramref name="rewritingLocks"/>: a lock file that does not parse is left out and listed in <see cref="ImageMatrix.UnreadableLocks"/>,
    /// for ./build.sh Lock, which writes it again, instead of stopping the load.
    /// </summary>
    public static ImageMatrix Load(string imagesDirectory, SmokeCheckCatalogue smokeChecks, bool rewritingLocks = false)
    {
        var errors = new List<MatrixError>();
        var display = (string file) => Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(imagesDirectory)), file);
        var open = (string file) => YamlFile.Open(Path.Combine(imagesDirectory, file), display(file), errors);
        foreach (var file in new[] { CudaFile, DistrosFile, FlavorsFile, MatrixFile, NvidiaPackagesFile, SmokeFolder, Locking.LockFile.Folder }) CheckInside(imagesDirectory, file, errors);
        ThrowIfAny(errors);

        // Files are read in the order they depend on each other, and reading stops at the first file
        // with problems: a broken release must not also be reported as "unknown" wherever it is used.
        var cudaYaml = open(CudaFile);
        var distrosYaml = open(DistrosFile);
        var flavorsYaml = open(FlavorsFile);
        var matrixYaml = open(MatrixFile);
        // Only a package source with pinned: true needs NVIDIA's versions.
        var pinsYaml = File.Exists(Path.Combine(imagesDirectory, NvidiaPackagesFile)) ? open(NvidiaPackagesFile) : null;
        ThrowIfAny(errors);

        var releases = CudaYaml.ReadReleases(cudaYaml!);
        var brands = CudaYaml.ReadBrands(cudaYaml!);
        var brandsSince = CudaYaml.ReadBrandsSince(cudaYaml!);
        ThrowIfAny(errors);
        var sources = DistrosYaml.ReadSources(distrosYaml!);
        ThrowIfAny(errors);
        var distros = DistrosYaml.ReadDistros(distrosYaml!, sources, releases);
        ThrowIfAny(errors);
        var flavors = FlavorsYaml.ReadFlavors(flavorsYaml!, sources, distros, imagesDirectory, smokeChecks);
        ThrowIfAny(errors);
        var (settings, excludes, includes) = MatrixYaml.ReadRules(matrixYaml!, sources, distros, flavors);
        var pins = NvidiaPackagesYaml.Read(pinsYaml, releases, distros, flavors);
        ThrowIfAny(errors);

        var templates = DockerfileTemplates.Load(imagesDirectory, flavors.Select(f => f.Template));
        List<MatrixError>? unreadableLocks = rewritingLocks ? [] : null;
        var locks = LockFiles.Read(imagesDirectory, distros, errors, unreadableLocks);
        ThrowIfAny(errors);
        var matrix = new ImageMatrix(imagesDirectory, settings, releases, brands, sources, distros, flavors, excludes, includes, templates)
        { SmokeChecks = smokeChecks, Pins = pins.Pins, BrandsSince = brandsSince, Locks = locks, UnreadableLocks = unreadableLocks ?? [] };
        CheckCombinations(matrix, flavorsYaml!);
        ThrowIfAny(errors);
        pins.Check(matrix, distrosYaml!, flavorsYaml!, PackageNames);
        ThrowIfAny(errors);
        return matrix;
    }

    static void ThrowIfAny(List<MatrixError> errors)
    {
        if (errors.Count > 0) throw new MatrixException(errors);
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
                    if (!matrix.Has(cuda, distro, flavor)) continue;
                    if (flavor.CudnnFamily is not null && !distro.Source.Pinned)
                    {
                        found.Add((FlavorNode(flavorsYaml, flavor.Id),
                            $"flavor '{flavor.Id}' installs cuDNN, whose versions {NvidiaPackagesFile} gives only for pinned package sources, not {distro.Source.Id}",
                            $"exclude it for source {distro.Source.Id} in matrix.yaml", where));
                        continue;
                    }
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

    /// <summary>The package names a flavor installs for one release on one distro, placeholders filled.</summary>
    public static IReadOnlyList<string> PackageNames(CudaRelease cuda, Distro distro, Flavor flavor) =>
        (flavor.PackagesFor(distro) ?? []).Select(p => cuda.Expand(p)).ToList();

    internal static YamlNode FlavorNode(YamlMap flavorsYaml, string id) =>
        flavorsYaml.Entries("flavors").FirstOrDefault(e => e.Key.Text == id).Key?.Node ?? flavorsYaml.Node;
}
