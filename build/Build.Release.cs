using CudaImages;
using CudaImages.Artifacts;
using CudaImages.BuildEngine;
using CudaImages.Releasing;
using CudaImages.Reporting;
using ReleaseTags = CudaImages.Releasing.ReleaseTag;

partial class Build
{
    [Parameter("The previous release's report.json to compare with: ReleaseNotes (default: the newest GitHub release's report.json asset, when a repository and token are given), and Report, for each image's package changes")]
    readonly AbsolutePath? PreviousReport;

    [Parameter("Create or update the GitHub release of --release-tag with the notes and the report files")]
    readonly bool PublishRelease;

    [Parameter("The release's git tag (default: images-<yyyy.MM.dd> of the report's date, UTC)")]
    readonly string? ReleaseTag;

    [Parameter("GitHub repository owner/name for releases (default: GITHUB_REPOSITORY)", Name = "GithubRepository")]
    readonly string? GitHubRepository;

    [Parameter("Token for GitHub releases, with contents: write (default: GITHUB_TOKEN)", Name = "GithubToken")]
    [Secret]
    readonly string? GitHubToken;

    [Parameter("GitHub API base URL, for GitHub Enterprise Server e.g. https://github.example.com/api/v3/ (default: GITHUB_API_URL, else https://api.github.com/)", Name = "GithubUrl")]
    readonly string? GitHubUrl;

    Target ReleaseNotes => _ => _
        .Description("Compare this run's report.json with the previous release's and write artifacts/release-notes.md; --publish-release creates or updates the GitHub release")
        .After(Report)
        .Executes(async () =>
        {
            var current = ReadCurrentReport();
            var tag = ReleaseTags.For(current, ReleaseTag);
            var github = ReleasesClient(required: PublishRelease);
            var assets = PublishRelease ? ReleaseAssets() : [];

            var (previous, source) = await FindPreviousReport(github, tag);
            var changes = ReleaseComparison.Compare(previous, current, source);
            var notes = ReleaseNotesMarkdown.Render(changes, tag);
            ArtifactFile.WriteText(ArtifactsDirectory / ReleaseNotesMarkdown.RelativePath, notes);
            AppendStepSummary(notes);
            Log.Information($"{tag}: {changes.Added.Count} added, {changes.Removed.Count} removed, {changes.CudaBumps.Count} CUDA bumps, " +
                            $"{changes.AliasMoves.Count} alias moves, {changes.SizeChanges.Count} size changes, {changes.PackageChanges.Count} images with package changes, {changes.SmokeChanges.Count} smoke changes, " +
                            $"{changes.DriverFloors.Count} driver floors; wrote {ArtifactsDirectory / ReleaseNotesMarkdown.RelativePath}");

            if (github is null) return;
            var commit = current.Revision.Length == 40 && current.Revision.All(char.IsAsciiHexDigit) ? current.Revision : null;
            var release = await github.PublishAsync(new ReleaseRequest(tag, $"CUDA images {tag}", notes, commit, assets), CancellationToken);
            Log.Information($"{(release.Created ? "created" : "updated")} release {tag} with {string.Join(", ", release.Uploaded)}" +
                            (release.Replaced.Count > 0 ? $" (replaced {string.Join(", ", release.Replaced)})" : "") + $": {release.Url}");
        });

    /// <summary>The GitHub client when a repository and token are known; --publish-release without them is bad input.</summary>
    GitHubReleases? ReleasesClient(bool required) =>
        GitHubSettings.Resolve(GitHubRepository, GitHubToken, GitHubUrl, required) is { } github
            ? new GitHubReleases(github.Repository, github.Token, github.ApiUrl, message => Log.Information(message))
            : null;

    /// <summary>This run's report: without it there is nothing to write notes about (exit 2, like any missing input).</summary>
    ReportFile ReadCurrentReport()
    {
        try
        {
            return ReportFile.Read(ArtifactsDirectory / ReportFile.RelativePath);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            throw new InputException($"ReleaseNotes compares this run's report with the previous one, and {e.Message}");
        }
    }

    /// <summary>The report files the release carries; all must exist before the release is touched.</summary>
    IReadOnlyList<ReleaseFile> ReleaseAssets()
    {
        ReleaseFile[] files =
        [
            new(ReportFiles.Json, ReportDirectory / ReportFiles.Json, "application/json"),
            new(ReportFiles.Markdown, ReportDirectory / ReportFiles.Markdown, "text/markdown"),
            new(ReportFiles.Html, ReportDirectory / ReportFiles.Html, "text/html"),
        ];
        if (files.FirstOrDefault(f => !File.Exists(f.Path)) is { } missing)
            throw new InputException($"{missing.Path} does not exist; run the Report target before ReleaseNotes --publish-release");
        return files;
    }

    async Task<(ReportFile? Report, string? Source)> FindPreviousReport(GitHubReleases? github, string tag)
    {
        if (PreviousReport is not null)
            return (CudaImages.Releasing.PreviousReport.Read(PreviousReport), $"`{Path.GetFileName(PreviousReport)}`");
        if (github is null)
        {
            Log.Information("no --previous-report and no GitHub repository and token: writing the notes of a first release");
            return (null, null);
        }
        var previous = await github.PreviousReportAsync(tag, ArtifactsDirectory / CudaImages.Releasing.PreviousReport.RelativePath, CancellationToken);
        if (previous is null)
            Log.Information("no earlier GitHub release carries a report.json: writing the notes of a first release");
        return previous is null ? (null, null) : (previous.Report, $"release {previous.Tag}");
    }
}
