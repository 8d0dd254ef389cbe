using CudaImages.Model;

namespace CudaImages.Loading;

/// <summary>
/// What the command line puts in place of images/ values for one run: a distro's base image (--base-image
/// ubuntu22.04=debian:12, e.g. a mirror's copy or a stand-in) and a package source's repository (--package-repository
/// nvidia-apt=http://mirror/{nvidia_repo}/x86_64/). Both change the Dockerfiles, so they change the input hashes.
/// </summary>
public sealed record MatrixOverrides(
    IReadOnlyDictionary<string, string> BaseImages,
    IReadOnlyDictionary<string, string> PackageRepositories)
{
    public const string BaseImageParameter = "--base-image";
    public const string PackageRepositoryParameter = "--package-repository";

    public static MatrixOverrides None { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    public bool IsEmpty => BaseImages.Count == 0 && PackageRepositories.Count == 0;

    /// <summary>The parameters' id=value words, each checked against the matrix it will change.</summary>
    public static MatrixOverrides Parse(ImageMatrix matrix, IEnumerable<string> baseImages, IEnumerable<string> packageRepositories)
    {
        var problems = new List<string>();
        var images = Pairs(BaseImageParameter, baseImages, "ubuntu22.04=debian:12", problems);
        foreach (var (distro, image) in images)
        {
            if (matrix.Distros.All(d => d.Id != distro))
                problems.Add($"{BaseImageParameter} {distro}={image}: no such distro in images/distros.yaml; {ClosestNames.Hint(distro, matrix.Distros.Select(d => d.Id))}");
            else if (!ImageName.IsReference(image))
                problems.Add($"{BaseImageParameter} {distro}={image}: '{image}' is not an image reference; write repository:tag, e.g. debian:12 (no digest)");
        }
        var repositories = Pairs(PackageRepositoryParameter, packageRepositories, "nvidia-apt=http://127.0.0.1:8080/{nvidia_repo}/x86_64/", problems);
        foreach (var (source, url) in repositories)
        {
            var known = matrix.Sources.FirstOrDefault(s => s.Id == source);
            if (known is null)
                problems.Add($"{PackageRepositoryParameter} {source}={url}: no such package source in images/distros.yaml; {ClosestNames.Hint(source, matrix.Sources.Select(s => s.Id))}");
            else if (known.Repository is null)
                problems.Add($"{PackageRepositoryParameter} {source}={url}: package source {source} installs from the distro's own archive and has no repository to replace; " +
                             $"name one that has: {string.Join(", ", matrix.Sources.Where(s => s.Repository is not null).Select(s => s.Id))}");
            else if (!ValueGrammar.Url.Accepts(url.Replace(NvidiaRepoPlaceholder, "x")))
                problems.Add($"{PackageRepositoryParameter} {source}={url}: {ValueGrammar.Url.Refusal(url)}; {ValueGrammar.Url.Hint} ({NvidiaRepoPlaceholder} stands for the distro's nvidia_repo, {{nvidia_arch}} for the platform's path: x86_64, sbsa)");
        }
        if (problems.Count > 0) throw new InputException(string.Join(Environment.NewLine, problems));
        return new MatrixOverrides(images, repositories);
    }

    const string NvidiaRepoPlaceholder = "{nvidia_repo}";

    static Dictionary<string, string> Pairs(string parameter, IEnumerable<string> words, string example, List<string> problems)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            var equals = word.IndexOf('=');
            if (equals <= 0 || equals == word.Length - 1)
                problems.Add($"{parameter} {word}: write id=value, e.g. {parameter} {example}");
            else if (!pairs.TryAdd(word[..equals], word[(equals + 1)..]))
                problems.Add($"{parameter} {word}: {word[..equals]} is given twice; keep one value");
        }
        return pairs;
    }

    /// <summary>The matrix with the overridden base images and repositories; the rest as images/ says.</summary>
    public ImageMatrix ApplyTo(ImageMatrix matrix)
    {
        if (IsEmpty) return matrix;
        var sources = matrix.Sources
            .Select(s => PackageRepositories.TryGetValue(s.Id, out var url) ? s with { Repository = url } : s)
            .ToList();
        var distros = matrix.Distros
            .Select(d => d with
            {
                BaseImage = BaseImages.GetValueOrDefault(d.Id, d.BaseImage),
                Source = sources.First(s => s.Id == d.Source.Id),
            })
            .ToList();
        return matrix with { Sources = sources, Distros = distros };
    }
}
