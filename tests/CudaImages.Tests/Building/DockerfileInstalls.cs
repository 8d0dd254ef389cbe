using System.Text.RegularExpressions;

namespace CudaImages.Tests.Building;

/// <summary>A package an apt-get install line asks for: its name, and its version when pinned as name=version.</summary>
public sealed record AskedPackage(string Name, string? Version);

/// <summary>
/// What generated Dockerfiles ask apt for: each word after `apt-get ... install` (name or name=version) and after
/// `apt-mark hold`, with ${VAR} taken from the ENV lines before it. The step that downloads cuda-keyring installs
/// from the distro's own archive (ca-certificates, curl), so its words are not the package source's.
/// </summary>
public static partial class DockerfileInstalls
{
    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^ENV\s+([A-Za-z_][A-Za-z0-9_]*)(?:=|\s+)(.*)$")]
    private static partial Regex EnvLine();

    /// <summary>Packages asked for by a chain of Dockerfiles (root first), in order, and the names held.</summary>
    public static (IReadOnlyList<AskedPackage> Installed, IReadOnlyList<string> Held) Read(IEnumerable<string> chain)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var installed = new List<AskedPackage>();
        var held = new List<string>();
        foreach (var dockerfile in chain)
            foreach (var instruction in Instructions(dockerfile))
            {
                if (EnvLine().Match(instruction) is { Success: true } e)
                    env[e.Groups[1].Value] = Expand(e.Groups[2].Value.Trim().Trim('"'), env);
                if (!instruction.StartsWith("RUN ", StringComparison.Ordinal) || instruction.Contains("cuda-keyring")) continue;
                foreach (var command in instruction[4..].Split([";", "&&"], StringSplitOptions.TrimEntries))
                {
                    var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Expand(w.Trim('\'', '"'), env)).ToList();
                    if (words.Contains("apt-get") && words.IndexOf("install") is var at and > 0)
                        installed.AddRange(words.Skip(at + 1).Where(w => !w.StartsWith('-')).Select(Asked));
                    else if (words.Count > 2 && words[0] == "apt-mark" && words[1] == "hold")
                        held.AddRange(words.Skip(2).Where(w => w.Length > 0));
                }
            }
        return (installed, held);
    }

    static AskedPackage Asked(string word) =>
        word.IndexOf('=') is var equals and > 0 ? new(word[..equals], word[(equals + 1)..]) : new(word, null);

    static string Expand(string text, IReadOnlyDictionary<string, string> env) =>
        Variable().Replace(text, m => env.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary>Dockerfile instructions with their continuation lines joined and comments left out.</summary>
    static IEnumerable<string> Instructions(string dockerfile)
    {
        var current = "";
        foreach (var raw in dockerfile.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#')) continue;
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            current += line;
            if (current.Trim().Length > 0) yield return current.Trim();
            current = "";
        }
    }
}
