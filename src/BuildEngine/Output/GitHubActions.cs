namespace CudaImages.BuildEngine;

/// <summary>GitHub Actions workflow commands (::group::, ::error::, ::add-mask::) and the job summary file.</summary>
static class GitHubActions
{
    public static string Group(string title) => $"::group::{EscapeData(title)}";

    public static string EndGroup() => "::endgroup::";

    public static string Error(string message) => $"::error::{EscapeData(message)}";

    public static string Warning(string message) => $"::warning::{EscapeData(message)}";

    public static string AddMask(string secret) => $"::add-mask::{EscapeData(secret)}";

    /// <summary>The job summary file is shared by all steps of the job, so we append.</summary>
    public static void AppendStepSummary(IReadOnlyDictionary<string, string> environment, string markdown)
    {
        if (environment.TryGetValue("GITHUB_STEP_SUMMARY", out var path) && path.Length > 0)
            File.AppendAllText(path, markdown);
    }

    // Multi-line messages must stay one command, so line breaks are percent-encoded.
    static string EscapeData(string value) =>
        value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
}
