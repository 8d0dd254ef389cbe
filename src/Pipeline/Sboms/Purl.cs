using System.Text;
using System.Text.RegularExpressions;

namespace CudaImages.Sboms;

/// <summary>Package URLs (purl) for what an SBOM lists: pkg:deb/debian/name@version?arch=...&amp;distro=debian-12, pkg:pypi/name@version.</summary>
public static partial class Purl
{
    [GeneratedRegex(@"^([a-z]+)(\d+(?:\.\d+)*)$")]
    private static partial Regex DistroId();

    public static string Debian(DebianPackage package, string distro)
    {
        var (vendor, version) = DistroId().Match(distro) is { Success: true } m ? (m.Groups[1].Value, m.Groups[2].Value) : (distro, "");
        var qualifier = version.Length > 0 ? $"&distro={vendor}-{version}" : "";
        return $"pkg:deb/{vendor}/{Encode(package.Name)}@{Encode(package.Version)}?arch={Encode(package.Architecture)}{qualifier}";
    }

    /// <summary>PyPI names are compared normalised (PEP 503): lower case, runs of -_. as one dash.</summary>
    public static string Python(PythonPackage package) =>
        $"pkg:pypi/{Encode(Regex.Replace(package.Name, "[-_.]+", "-").ToLowerInvariant())}@{Encode(package.Version)}";

    /// <summary>Percent-encodes all but the unreserved characters: an epoch's ':' and a '+' in a Debian version are encoded.</summary>
    static string Encode(string text)
    {
        var encoded = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
            encoded.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_' or (byte)'~' ? ((char)b).ToString() : $"%{b:X2}");
        return encoded.ToString();
    }
}
