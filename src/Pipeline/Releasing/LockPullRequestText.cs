namespace CudaImages.Releasing;

/// <summary>The lock pull request's words, and the changed files read from git status.</summary>
public static class LockPullRequestText
{
    public const string Title = "Refresh the package lock";

    public static LockPullRequestRequest Request(string branch, string baseBranch, IReadOnlyList<LockFile> files, string? runUrl) => new(
        branch, baseBranch, Title,
        "`./build.sh Lock --check` found that the archive now resolves the images' packages differently; `./build.sh Lock` wrote the new lock.\n\n" +
        (runUrl is null ? "" : $"The images built from it were smoke-tested and published by {runUrl}.\n\n") +
        "Changed lock files:\n\n" + string.Join("\n", files.Select(f => $"- `{f.Path}`")) + "\n",
        $"{Title}\n\nWritten by ./build.sh Lock; files: {string.Join(", ", files.Select(f => f.Path))}");

    /// <summary>
    /// The files of <c>git status --porcelain=v1 -z</c> that were changed or added, with their text now. A deleted or renamed
    /// file is refused: the pull request only adds and replaces lock files.
    /// </summary>
    public static IReadOnlyList<LockFile> ChangedFiles(string porcelain, Func<string, string> read)
    {
        var files = new List<LockFile>();
        var entries = porcelain.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        foreach (var entry in entries)
        {
            if (entry.Length < 4) continue;
            var (status, path) = (entry[..2], entry[3..]);
            if (status.Contains('D') || status.Contains('R'))
                throw new InputException($"{path} was deleted or renamed under images/; LockPullRequest only commits changed and new lock files — commit that change by hand");
            files.Add(new LockFile(path, read(path)));
        }
        return files;
    }
}
