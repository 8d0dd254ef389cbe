using CudaImages.Building;
using CudaImages.Smoke;

namespace CudaImages.Workflows;

/// <summary>What <see cref="ArtifactMerge.Collect"/> found.</summary>
public sealed record CollectedArtifacts(int Folders, int Images, int Results, int Digests);

/// <summary>
/// The fan-in of the GitHub Actions matrix: every job uploads its artifacts/ folder; the publish job downloads them
/// side by side and merges them into one artifacts/ folder, as if one machine had run everything. build.json records
/// are merged by tag; smoke results by image × check, where a check that ran beats "not run" (the GPU runner's
/// verdict replaces the CPU runner's "not run: no GPU") and a failure beats a pass; digests/&lt;tag&gt; files are copied.
/// </summary>
public static class ArtifactMerge
{
    public static CollectedArtifacts Collect(string downloads, string artifacts)
    {
        if (!Directory.Exists(downloads))
            throw new DirectoryNotFoundException($"{downloads} does not exist; download the jobs' artifacts there first (actions/download-artifact)");

        var buildFiles = Find(downloads, BuildFile.RelativePath).ToList();
        var resultFiles = Find(downloads, Path.GetFileName(SmokeResultsFile.RelativePath))
            .Where(f => f.EndsWith("/" + SmokeResultsFile.RelativePath, StringComparison.Ordinal)).ToList();
        var digestFiles = Directory.EnumerateFiles(downloads, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "digests").Order(StringComparer.Ordinal).ToList();

        var records = new Dictionary<string, ImageBuildRecord>();
        foreach (var file in buildFiles)
            foreach (var record in BuildFile.Read(file).Images)
                records[record.Tag] = record;
        if (records.Count > 0)
            BuildFile.Merge(Path.Combine(artifacts, BuildFile.RelativePath), records.Values.ToList());

        var results = new Dictionary<(string, string), SmokeResult>();
        var hosts = new List<string>();
        foreach (var file in resultFiles)
        {
            var smoke = SmokeResultsFile.Read(file);
            if (!hosts.Contains(smoke.Host)) hosts.Add(smoke.Host);
            foreach (var result in smoke.Results)
                if (!results.TryGetValue((result.Image, result.Check), out var kept) || Rank(result) > Rank(kept))
                    results[(result.Image, result.Check)] = result;
        }
        if (results.Count > 0)
            new SmokeResultsFile(SmokeResultsFile.CurrentSchema, string.Join("; ", hosts),
                    results.Values.OrderBy(r => r.Image, StringComparer.Ordinal).ThenBy(r => r.Check, StringComparer.Ordinal).ToList())
                .Write(Path.Combine(artifacts, SmokeResultsFile.RelativePath));

        var digests = Path.Combine(artifacts, "digests");
        foreach (var file in digestFiles)
        {
            Directory.CreateDirectory(digests);
            File.Copy(file, Path.Combine(digests, Path.GetFileName(file)), overwrite: true);
        }

        // A job's folder holds build.json, smoke/results.json and digests/.
        var folders = buildFiles.Select(Path.GetDirectoryName)
            .Concat(resultFiles.Concat(digestFiles).Select(f => Path.GetDirectoryName(Path.GetDirectoryName(f))))
            .Distinct().Count();
        return new CollectedArtifacts(folders, records.Count, results.Count, digestFiles.Count);
    }

    static IEnumerable<string> Find(string folder, string name) =>
        Directory.EnumerateFiles(folder, name, SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    static int Rank(SmokeResult result) => result.Status switch
    {
        SmokeStatus.Failed => 2,
        SmokeStatus.Passed => 1,
        _ => 0,
    };
}
