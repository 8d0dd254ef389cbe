using System.ComponentModel;
using System.Diagnostics;

namespace CudaImages.Building;

/// <summary>The commit the images are built from, for the OCI revision label and the report.</summary>
public static class SourceRevision
{
    public const string Unknown = "unknown";

    /// <summary>GITHUB_SHA on GitHub Actions, else git's HEAD in <paramref name="directory"/>, else <see cref="Unknown"/>.</summary>
    public static string Of(string directory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var sha = environment is null ? Environment.GetEnvironmentVariable("GITHUB_SHA") : environment.GetValueOrDefault("GITHUB_SHA");
        if (sha is { Length: > 0 }) return sha;
        try
        {
            var start = new ProcessStartInfo("git", ["-C", directory, "rev-parse", "HEAD"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(start)!;
            var revision = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && revision.Length > 0 ? revision : Unknown;
        }
        catch (Win32Exception)
        {
            return Unknown; // no git on this machine
        }
    }
}
