using System.Text.RegularExpressions;

namespace CudaImages.Releasing;

/// <summary>owner/name of a GitHub repository, as --github-repository or GITHUB_REPOSITORY gives it.</summary>
public sealed partial record GitHubRepositoryName(string Owner, string Name)
{
    public static GitHubRepositoryName Parse(string text)
    {
        var m = Shape().Match(text.Trim());
        if (!m.Success || m.Groups[2].Value is "." or "..")
            throw new InputException($"--github-repository '{text}' is not owner/name; write it as GitHub shows it, e.g. acme/cuda-images");
        return new GitHubRepositoryName(m.Groups[1].Value, m.Groups[2].Value);
    }

    public override string ToString() => $"{Owner}/{Name}";

    // GitHub: owners are letters, digits and single dashes (max 39); repository names letters, digits, . _ - (max 100).
    [GeneratedRegex(@"^([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})/([A-Za-z0-9._-]{1,100})$")]
    private static partial Regex Shape();
}
