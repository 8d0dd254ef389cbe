using Semver;

namespace CudaImages.Model;

/// <summary>"12" is every 12.x, "12.1" the 12.1 line, "12.1.1" exactly that release.</summary>
public static class CudaSelector
{
    public static bool IsValid(string selector) =>
        System.Text.RegularExpressions.Regex.IsMatch(selector, @"\A[0-9]{1,9}(\.[0-9]{1,9}){0,2}\z");

    public static bool Matches(string selector, SemVersion version)
    {
        var parts = selector.Split('.');
        return parts.Length switch
        {
            1 => version.Major.ToString() == parts[0],
            2 => version.Major.ToString() == parts[0] && version.Minor.ToString() == parts[1],
            _ => version.Major.ToString() == parts[0] && version.Minor.ToString() == parts[1] &&
                 version.Patch.ToString() == parts[2],
        };
    }

    /// <summary>A line selector (12.1) picks only the newest patch of that line.</summary>
    public static bool IsLine(string selector) => selector.Count(c => c == '.') == 1;
}
