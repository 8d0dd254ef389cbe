using System.Text.RegularExpressions;

namespace CudaImages.Sboms;

/// <summary>
/// Debian's licence short names (DEP-5: "GPL-2+", "Expat", "BSD-3-clause") as SPDX licence identifiers where one means
/// the same, and which licences a redistributor must read first: Debian's non-free area, NVIDIA's own licences.
/// </summary>
public static partial class Licences
{
    static readonly Dictionary<string, string> Spdx = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Expat"] = "MIT",
        ["MIT"] = "MIT",
        ["ISC"] = "ISC",
        ["Zlib"] = "Zlib",
        ["BSL-1.0"] = "BSL-1.0",
        ["BSD-2-clause"] = "BSD-2-Clause",
        ["BSD-3-clause"] = "BSD-3-Clause",
        ["BSD-4-clause"] = "BSD-4-Clause",
        ["Apache-2"] = "Apache-2.0",
        ["Apache-2.0"] = "Apache-2.0",
        ["CC0-1.0"] = "CC0-1.0",
        ["CC0"] = "CC0-1.0",
        ["MPL-1.1"] = "MPL-1.1",
        ["MPL-2.0"] = "MPL-2.0",
        ["Artistic"] = "Artistic-1.0-Perl",
        ["Artistic-1.0"] = "Artistic-1.0",
        ["Artistic-2.0"] = "Artistic-2.0",
        ["PSF-2"] = "PSF-2.0",
        ["Python-2.0"] = "Python-2.0",
        ["OpenSSL"] = "OpenSSL",
        ["curl"] = "curl",
        ["X11"] = "X11",
        ["FSFAP"] = "FSFAP",
        ["FSFUL"] = "FSFUL",
        ["FSFULLR"] = "FSFULLR",
        ["Unicode-DFS-2016"] = "Unicode-DFS-2016",
        ["W3C"] = "W3C",
        ["Zope-2.1"] = "ZPL-2.1",
        ["ZPL-2.1"] = "ZPL-2.1",
        ["MIT-0"] = "MIT-0",
        ["0BSD"] = "0BSD",
        ["Unlicense"] = "Unlicense",
        ["BSD-2-Clause-Patent"] = "BSD-2-Clause-Patent",
    };

    static readonly Dictionary<string, string[]> GnuVersions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GPL"] = ["1.0", "2.0", "3.0"],
        ["LGPL"] = ["2.0", "2.1", "3.0"],
        ["AGPL"] = ["1.0", "3.0"],
        ["GFDL"] = ["1.1", "1.2", "1.3"],
    };

    [GeneratedRegex(@"^(A?GPL|LGPL|GFDL)-(\d)(?:\.(\d))?(\+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex GnuName();

    /// <summary>The SPDX identifier that means what a Debian short name means, or null where none does (NVIDIA's licences, exceptions).</summary>
    public static string? SpdxId(string debianName)
    {
        var name = debianName.Trim();
        if (Spdx.TryGetValue(name, out var id)) return id;
        if (GnuName().Match(name) is not { Success: true } gnu) return null;
        var family = gnu.Groups[1].Value.ToUpperInvariant();
        var version = $"{gnu.Groups[2].Value}.{(gnu.Groups[3].Success ? gnu.Groups[3].Value : "0")}";
        return GnuVersions[family].Contains(version) ? $"{family}-{version}-{(gnu.Groups[4].Success ? "or-later" : "only")}" : null;
    }

    /// <summary>
    /// The licence names of one DEP-5 License line: "GPL-2+ or Artistic, and BSD-3-clause" → GPL-2+, Artistic, BSD-3-clause.
    /// </summary>
    public static IReadOnlyList<string> Names(string licenceLine) =>
        [.. Terms(licenceLine).SelectMany(group => group).SelectMany(alternative => alternative).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// A License line as groups joined by "and" (commas), each of alternatives joined by "or", each of names joined by "and".
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> Terms(string licenceLine) =>
        [.. licenceLine.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(group => StripConjunction(group))
            .Where(group => group.Length > 0)
            .Select(group => (IReadOnlyList<IReadOnlyList<string>>)[.. Split(group, " or ")
                .Select(alternative => (IReadOnlyList<string>)[.. Split(alternative, " and ").Select(n => n.Trim('(', ')', ' '))])])];

    /// <summary>Why a package's licence needs reading before redistribution, or null: Debian's non-free area, or an NVIDIA licence.</summary>
    public static string? NonFree(DebianPackage package)
    {
        var area = package.Section.Split('/')[0];
        if (package.Section.Contains('/') && area.StartsWith("non-free", StringComparison.Ordinal))
            return $"Debian's {area} area";
        return package.Licences?.SelectMany(Names).FirstOrDefault(IsNvidia) is { } nvidia ? $"licence {nvidia}" : null;
    }

    /// <summary>Why a Python distribution's licence needs reading before redistribution, or null.</summary>
    public static string? NonFree(PythonPackage package) =>
        package.Licence is { } licence && (IsNvidia(licence) || licence.Contains("Proprietary", StringComparison.OrdinalIgnoreCase)) ? $"licence {licence}" : null;

    static bool IsNvidia(string name) => name.Contains("NVIDIA", StringComparison.OrdinalIgnoreCase);

    static string StripConjunction(string group) =>
        group.StartsWith("and ", StringComparison.OrdinalIgnoreCase) ? group[4..].Trim()
        : group.StartsWith("or ", StringComparison.OrdinalIgnoreCase) ? group[3..].Trim()
        : group;

    static IEnumerable<string> Split(string text, string word) =>
        Regex.Split(text, Regex.Escape(word), RegexOptions.IgnoreCase).Select(s => s.Trim()).Where(s => s.Length > 0);
}
