namespace CudaImages.BuildEngine;

/// <summary>Where the build runs, which decides colors, grouping and annotations.</summary>
public enum Host
{
    Terminal,
    GitHubActions,

    /// <summary>Any other CI server (CI=true): plain output, no colors.</summary>
    GenericCi,
}

static class HostDetection
{
    public static Host From(IReadOnlyDictionary<string, string> environment) =>
        IsTrue(environment, "GITHUB_ACTIONS") ? Host.GitHubActions
        : IsTrue(environment, "CI") || IsTrue(environment, "TF_BUILD") ? Host.GenericCi
        : Host.Terminal;

    static bool IsTrue(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
