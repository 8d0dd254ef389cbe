using System.Text.RegularExpressions;

namespace CudaImages.Loading;

/// <summary>
/// What one kind of value from images/ may look like before it can reach a Dockerfile, a shell line, a tag or the
/// workflow. Patterns are whole-value (anchored with \A and \z: .NET's $ also matches before a final line feed)
/// and ASCII-only (RegexOptions.ECMAScript: \d and letters never match other scripts' digits).
/// </summary>
public sealed class Grammar(string name, string pattern, string hint, int maxLength = 128)
{
    readonly Regex regex = new($@"\A(?:{pattern})\z", RegexOptions.ECMAScript);

    /// <summary>The kind of value with its article, as the error names it ("a Debian package name").</summary>
    public string Name { get; } = name;

    public string Hint { get; } = hint;

    public int MaxLength { get; } = maxLength;

    public bool Accepts(string text) => text.Length <= MaxLength && regex.IsMatch(text);

    /// <summary>Why <paramref name="text"/> is refused, as the first half of a located error.</summary>
    public string Refusal(string text) => text.Length > MaxLength
        ? $"'{YamlFile.Escaped(text)}' is not {Name}: it is {text.Length} characters long, at most {MaxLength} are allowed"
        : $"'{YamlFile.Escaped(text)}' is not {Name}";
}

/// <summary>Every grammar the loader checks values from images/ against, in one place.</summary>
public static class ValueGrammar
{
    // Debian policy 5.6.7: lower-case letters, digits, + - . ; at least two characters, starting alphanumeric.
    public static readonly Grammar DebianPackage = new("a Debian package name", "[a-z0-9][a-z0-9+.-]+",
        "package names are lower-case letters, digits and . + -, at least two characters; pin a version as name=version");

    // Debian policy 5.6.12: [epoch:]upstream[-revision], upstream starting with a digit.
    public static readonly Grammar DebianVersion = new("a Debian version", "([0-9]{1,9}:)?[0-9][A-Za-z0-9.+~]*(-[A-Za-z0-9.+~]+)*",
        "write [epoch:]upstream[-revision], e.g. 12.4.127-1 or 1:2.3-4");

    public static readonly Grammar CudaVersion = new("a full CUDA version", "(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})",
        "write X.Y.Z, e.g. 12.4.1 (quote nothing, no 'v')", 14);

    public static readonly Grammar CudaLine = new("a CUDA line", "(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})",
        "write X.Y, e.g. \"12.4\"", 9);

    public static readonly Grammar CudaSelector = new("a CUDA release, line or major", "[0-9]{1,4}(\\.[0-9]{1,4}){0,2}",
        "e.g. 12, 12.4 or 12.4.1", 14);

    // nvidia-smi's form; parts of at most six digits keep every part far inside Int32.
    public static readonly Grammar DriverVersion = new("a driver version", "[0-9]{1,6}(\\.[0-9]{1,6}){0,2}",
        "write it as nvidia-smi shows it, e.g. 535.154.05", 20);

    public static readonly Grammar DriverBranch = new("a driver branch", "[1-9][0-9]{0,5}", "write a branch such as 535", 6);

    public static readonly Grammar Major = new("a CUDA major", "[1-9][0-9]{0,3}", "write a number such as 12", 4);

    public static readonly Grammar Architecture = new("a GPU architecture", "sm_[0-9]{2,3}[af]?", "write it as nvcc does, e.g. sm_90", 8);

    public static readonly Grammar Brand = new("a GPU brand", "[a-z][a-z0-9]*",
        "brands are lower-case letters and digits, as NVIDIA writes them in brand= clauses, e.g. tesla", 32);

    public static readonly Grammar DistroId = new("a distro id", "[a-z][a-z0-9.]*",
        "use lower-case letters, digits and dots, e.g. ubuntu22.04", 32);

    public static readonly Grammar FlavorId = new("a flavor id", "[a-z][a-z0-9-]*", "use lower-case letters, digits and dashes", 32);

    public static readonly Grammar SourceId = new("a package source id", "[a-z][a-z0-9-]*",
        "use lower-case letters, digits and dashes, e.g. nvidia-apt", 32);

    public static readonly Grammar EnvironmentName = new("an environment variable name", "[A-Za-z_][A-Za-z0-9_]*",
        "letters, digits and _, not starting with a digit");

    // Written between double quotes in ENV: a quote or backslash would end or escape them.
    public static readonly Grammar EnvironmentValue = new("an environment variable value", "[^\"\\\\]*",
        "it is written between double quotes in a Dockerfile ENV line: leave out double quotes and backslashes", 4096);

    // Written between double quotes in LABEL; $ would be replaced by Docker, so the label would not say what images/ says.
    public static readonly Grammar LabelValue = new("a label value", "[^\"\\\\$]*",
        "it is written between double quotes in a Dockerfile LABEL line: leave out double quotes, backslashes and $", 1024);

    public static readonly Grammar LabelPrefix = new("a label prefix", "[a-z0-9]+([.-][a-z0-9]+)*", "use reverse-DNS style, e.g. io.cudaimages");

    // http(s) only; no whitespace, quotes, shell metacharacters or credentials: it lands in RUN lines and labels.
    public static readonly Grammar Url = new("an http(s) URL", "https?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(/[A-Za-z0-9._~%/+=,:-]*)?",
        "write http:// or https://, a host and a path of letters, digits and . _ ~ % / + = , : -", 2048);

    public static readonly Grammar NvidiaRepo = new("an NVIDIA repository name", "[a-z0-9][a-z0-9._-]*",
        "the folder of NVIDIA's repository for the distro, e.g. ubuntu2204", 64);

    public static readonly Grammar Suite = new("a Debian suite", "[a-z][a-z0-9.-]*", "e.g. bookworm or trixie", 64);

    public static readonly Grammar Component = new("an archive component", "[a-z][a-z0-9-]*", "e.g. main, contrib, non-free", 64);

    public static readonly Grammar Variant = new("an mmdebstrap variant", "extract|custom|essential|apt|required|minbase|buildd|important|debootstrap|standard",
        "one of extract, custom, essential, apt, required, minbase, buildd, important, debootstrap, standard", 16);

    public static readonly Grammar Epoch = new("a time in seconds since 1970", "[0-9]{1,11}", "seconds since 1970, e.g. 1747699200", 11);

    public static readonly Grammar SharedLibrary = new("a shared library name", "[A-Za-z0-9_+-][A-Za-z0-9_.+-]*\\.so(\\.[0-9]+)*",
        "write the library's file name as ldconfig -p lists it, e.g. libcudart.so", 128);

    public static readonly Grammar FrameworkName = new("a framework name", "[A-Za-z0-9][A-Za-z0-9 ._+-]*",
        "letters, digits, spaces and . _ + -, e.g. PyTorch", 64);

    // PEP 440 and Debian versions both fit: it lands in pip's torch==<version> and in labels.
    public static readonly Grammar FrameworkVersion = new("a framework version", "[0-9][A-Za-z0-9.+!~-]*",
        "write a version such as 2.6.0 or 2022.2.2", 64);

    public static readonly Grammar CudaLibrariesFrom = new("where a framework's CUDA libraries come from", "packages|wheels",
        "packages (the CUDA libraries the image's apt packages install) or wheels (the framework's own nvidia-* wheels)", 16);

    public static readonly Grammar WheelIndex = new("a wheel index", "[A-Za-z0-9][A-Za-z0-9._-]*",
        "the folder of download.pytorch.org/whl/ for the CUDA line, e.g. cu124", 64);

    public static readonly Grammar RunnerLabel = new("a runner label", "[A-Za-z0-9][A-Za-z0-9._-]*",
        "labels are letters, digits and . _ -, e.g. [self-hosted, linux, x64, gpu]", 100);

    public static readonly Grammar Cron = new("a cron schedule", "[0-9A-Za-z*/,-]+( +[0-9A-Za-z*/,-]+){4}",
        "write five fields, minute hour day month weekday, e.g. \"0 4 * * 1\" for Mondays 04:00 UTC", 128);

    // A path below templates/, folder by folder: no absolute path, no . or .. segment.
    public static readonly Grammar TemplatePath = new("a template path", "[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*",
        "name a file in images/templates/, e.g. base.Dockerfile.liquid (no .. and no absolute path)", 255);

    // NVIDIA's layout: a link inside /usr/local/cuda-X.Y, and the absolute path it points to; both reach a shell line.
    public static readonly Grammar LayoutLink = new("a path inside /usr/local/cuda-X.Y", "[a-z0-9][a-z0-9_-]*([.][a-z0-9_-]+)*(/[a-z0-9][a-z0-9_-]*([.][a-z0-9_-]+)*)*",
        "write a relative path of lower-case letters, digits and . _ - (no ..), e.g. lib64 or nvvm/libdevice", 255);

    public static readonly Grammar AbsolutePath = new("an absolute path", "(/[A-Za-z0-9_+][A-Za-z0-9_+-]*([.][A-Za-z0-9_+-]+)*)+",
        "write e.g. /usr/include (no .. and no spaces or quotes)", 255);

    /// <summary>The grammar of each placeholder a package name may hold, substituted before its check.</summary>
    public static string WithPlaceholdersFilled(string text) => text
        .Replace("<major>", "1").Replace("<minor>", "0").Replace("<patch>", "0").Replace("<version>", "1.0.0").Replace("<line>", "1.0");

    /// <summary>A value's characters that no field of images/ may hold, named, or null when there is none.</summary>
    public static string? ForbiddenCharacter(string text)
    {
        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.LineSeparator
                or System.Globalization.UnicodeCategory.ParagraphSeparator || IsDirectionControl(c))
                return $"U+{(int)c:X4} ({Describe(c)})";
        }
        return null;
    }

    // Trojan-source controls: they make a line read differently in review than it runs.
    static bool IsDirectionControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    static string Describe(char c) => c switch
    {
        '\n' => "line feed",
        '\r' => "carriage return",
        '\t' => "tab",
        '\0' => "NUL",
        '\u0085' => "next line",
        '\u2028' => "line separator",
        '\u2029' => "paragraph separator",
        _ when IsDirectionControl(c) => "text direction control",
        _ => "control character",
    };
}
