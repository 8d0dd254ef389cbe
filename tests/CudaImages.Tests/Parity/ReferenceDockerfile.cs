using System.Text.RegularExpressions;

namespace CudaImages.Tests.Parity;

/// <summary>The facts a chain of generated Dockerfiles (parent first) gives its image: installs, holds, environment, ld.so.conf lines.</summary>
static partial class ReferenceDockerfile
{
    public static List<string> Installs(IEnumerable<string> chain) =>
        Commands(chain).Where(c => c.Contains("apt-get") && c.Contains(" install "))
            .SelectMany(c => Words(c[(c.IndexOf(" install ", StringComparison.Ordinal) + " install ".Length)..])).Distinct().ToList();

    public static List<string> Holds(IEnumerable<string> chain) =>
        Commands(chain).Where(c => c.TrimStart().StartsWith("apt-mark hold", StringComparison.Ordinal))
            .SelectMany(c => Words(c.TrimStart()["apt-mark hold".Length..])).Distinct().ToList();

    public static List<string> LdSoConf(IEnumerable<string> chain) =>
        chain.SelectMany(d => EchoToLdSoConf().Matches(d)).Select(m => m.Groups[1].Value).ToList();

    public static Dictionary<string, string> Environment(IEnumerable<string> chain)
    {
        var env = new Dictionary<string, string>();
        foreach (var line in chain.SelectMany(Logical))
            if (EnvLine().Match(line) is { Success: true } m) env[m.Groups[1].Value] = m.Groups[2].Value;
        return env;
    }

    static IEnumerable<string> Words(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith('-') && !w.StartsWith('$')).Select(w => w.Trim('\''));

    /// <summary>The shell commands of the RUN instructions, split at ; and &amp;&amp;.</summary>
    static IEnumerable<string> Commands(IEnumerable<string> chain) =>
        chain.SelectMany(Logical).Where(l => l.StartsWith("RUN ", StringComparison.Ordinal))
            .SelectMany(l => l[4..].Split([";", "&&"], StringSplitOptions.None));

    static IEnumerable<string> Logical(string dockerfile)
    {
        var current = "";
        foreach (var raw in dockerfile.Split('\n'))
        {
            if (current.Length == 0 && raw.TrimStart().StartsWith('#')) continue;
            if (raw.EndsWith('\\')) { current += raw[..^1] + " "; continue; }
            yield return (current + raw).Trim();
            current = "";
        }
    }

    [GeneratedRegex("^ENV ([A-Za-z_][A-Za-z0-9_]*)=\"(.*)\"$")]
    private static partial Regex EnvLine();

    [GeneratedRegex("echo \"([^\"]+)\" >> /etc/ld.so.conf.d/nvidia.conf")]
    private static partial Regex EchoToLdSoConf();
}
