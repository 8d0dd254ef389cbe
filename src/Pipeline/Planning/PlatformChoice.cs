using CudaImages.Loading;
using CudaImages.Model;

namespace CudaImages.Planning;

/// <summary>
/// The platforms a run builds: those --platform names (comma- or space-separated), each offered by every selected distro;
/// without --platform, this machine's platform, for the distros that offer it (a plain run never starts emulated builds).
/// </summary>
public static class PlatformChoice
{
    public static IReadOnlyList<Platform> For(ImageMatrix matrix, IReadOnlyList<Planner.Candidate> selected, Selection selection, Platform? host = null)
    {
        var distros = selected.Select(c => c.Distro).DistinctBy(d => d.Id).ToList();
        if (selection.Platforms.Count == 0)
        {
            var native = host ?? Platform.Host;
            if (distros.Any(d => d.Platforms.Contains(native))) return [native];
            throw new InputException($"no selected distro offers this machine's platform {native}: name the platforms to build with --platform " +
                $"({string.Join(", ", distros.SelectMany(d => d.Platforms).Distinct().Select(p => p.Id))})");
        }
        var chosen = new List<Platform>();
        foreach (var text in selection.Platforms.SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (Platform.Parse(text) is not { } platform)
                throw new InputException($"--platform {text}: not a platform the pipeline builds; use {string.Join(" or ", Platform.Known.Select(p => p.Id))}, comma-separated for several");
            if (distros.FirstOrDefault(d => !d.Platforms.Contains(platform)) is { } lacking)
                throw new InputException($"--platform {platform}: {lacking.Id} does not offer it (images/distros.yaml gives it {string.Join(", ", lacking.Platforms.Select(p => p.Id))}); leave it out of --platform or --distro");
            if (!chosen.Contains(platform)) chosen.Add(platform);
        }
        if (chosen.Count == 0) throw new InputException("--platform is empty: name linux/amd64, linux/arm64 or both");
        return chosen;
    }
}
