using System.Text.Json;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Parity;

/// <summary>
/// Our generated Ubuntu Dockerfiles against NVIDIA's own, fact by fact: the name=version words each image's chain
/// installs, the packages it holds, its final environment, its ld.so.conf lines and NVIDIA_REQUIRE_CUDA. The facts
/// were read from NVIDIA's Dockerfiles (Fixtures/nvidia-reference/facts.json names each file); only the differences
/// in <see cref="AllowedDifferences"/> may remain.
/// </summary>
public class NvidiaReferenceTests
{
    static readonly Lazy<BuildPlan> Plan = new(() => Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue), Selection.All));

    static readonly Lazy<JsonElement> Facts = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Fixture("nvidia-reference"), "facts.json"))).RootElement);

    /// <summary>What may differ, and why: the only differences the comparison accepts.</summary>
    public static readonly IReadOnlyList<(string Fact, string Value, string Why)> AllowedDifferences =
    [
        ("install", "ca-certificates", "ours installs it to fetch the keyring package; NVIDIA's installs it in the same step (with gnupg2 and curl)"),
        ("install", "curl", "ours installs curl for the keyring package and purges it in the same step, as NVIDIA's does"),
        ("env", "NVIDIA_PRODUCT_NAME", "NVIDIA's entrypoint banner reads it; we ship no entrypoint banner (nor NVIDIA's licence file)"),
    ];

    public static TheoryData<string> Tags()
    {
        var data = new TheoryData<string>();
        foreach (var image in Facts.Value.GetProperty("images").EnumerateArray()) data.Add(image.GetProperty("tag").GetString()!);
        return data;
    }

    public static TheoryData<string, string> Releases()
    {
        var data = new TheoryData<string, string>();
        foreach (var r in Facts.Value.GetProperty("require_cuda").EnumerateArray())
            data.Add(r.GetProperty("cuda").GetString()!, r.GetProperty("distro").GetString()!);
        return data;
    }

    [Fact]
    public void Reference_covers_at_least_eight_tags_of_every_kind()
    {
        var tags = Facts.Value.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("tag").GetString()!).ToList();

        tags.Count.ShouldBeGreaterThanOrEqualTo(8);
        foreach (var kind in new[] { "-base-", "-runtime-", "-devel-", "-cudnn8-runtime-", "-cudnn-devel-" })
            tags.ShouldContain(t => t.Contains(kind));
    }

    [Theory]
    [MemberData(nameof(Tags))]
    public void Installs_the_same_packages_at_the_same_versions_as_nvidia(string tag)
    {
        var (ours, theirs) = (Ours(tag), Theirs(tag));

        ours.Installs.Except(Allowed("install")).Order().ShouldBe(theirs.Installs.Order(), $"from {theirs.Sources}");
    }

    [Theory]
    [MemberData(nameof(Tags))]
    public void Holds_what_nvidia_holds(string tag) =>
        Ours(tag).Holds.Order().ShouldBe(Theirs(tag).Holds.Order(), $"from {Theirs(tag).Sources}");

    [Theory]
    [MemberData(nameof(Tags))]
    public void Sets_the_environment_nvidia_sets(string tag)
    {
        var (ours, theirs) = (Ours(tag), Theirs(tag));

        Shown(ours.Env, Allowed("env")).ShouldBe(Shown(theirs.Env, Allowed("env")), $"from {theirs.Sources}");
    }

    [Theory]
    [MemberData(nameof(Tags))]
    public void Lists_the_library_folders_nvidia_lists(string tag) =>
        Ours(tag).LdSoConf.ShouldBe(Theirs(tag).LdSoConf, $"from {Theirs(tag).Sources}");

    [Theory]
    [MemberData(nameof(Releases))]
    public void Nvidia_require_cuda_is_nvidias_string_byte_for_byte(string cuda, string distro)
    {
        var reference = Facts.Value.GetProperty("require_cuda").EnumerateArray()
            .Single(r => r.GetProperty("cuda").GetString() == cuda && r.GetProperty("distro").GetString() == distro);
        var base_ = Plan.Value.Find($"{cuda}-base-{distro}")!;

        base_.RequireCuda.ShouldBe(reference.GetProperty("value").GetString(), $"from {reference.GetProperty("source").GetString()}");
        ReferenceDockerfile.Environment([base_.Dockerfile])["NVIDIA_REQUIRE_CUDA"].ShouldBe(base_.RequireCuda);
    }

    static HashSet<string> Allowed(string fact) => AllowedDifferences.Where(a => a.Fact == fact).Select(a => a.Value).ToHashSet();

    static string Shown(IReadOnlyDictionary<string, string> env, HashSet<string> allowed) =>
        string.Join("\n", env.Where(e => !allowed.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));

    sealed record ImageFacts(IReadOnlyList<string> Installs, IReadOnlyList<string> Holds, IReadOnlyDictionary<string, string> Env,
        IReadOnlyList<string> LdSoConf, string Sources);

    static ImageFacts Ours(string tag)
    {
        var chain = new List<string>();
        for (var image = Plan.Value.Find(tag); image is not null; image = image.Parent is { } p ? Plan.Value.Find(p) : null)
            chain.Insert(0, image.Dockerfile);
        chain.ShouldNotBeEmpty($"the plan has no {tag}");
        return new ImageFacts(ReferenceDockerfile.Installs(chain), ReferenceDockerfile.Holds(chain), ReferenceDockerfile.Environment(chain),
            ReferenceDockerfile.LdSoConf(chain), "our Dockerfiles");
    }

    static ImageFacts Theirs(string tag)
    {
        var image = Facts.Value.GetProperty("images").EnumerateArray().Single(i => i.GetProperty("tag").GetString() == tag);
        List<string> Strings(string name) => image.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToList();
        return new ImageFacts(Strings("installs"), Strings("holds"),
            image.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            Strings("ld_so_conf"), string.Join(", ", Strings("sources")));
    }
}
