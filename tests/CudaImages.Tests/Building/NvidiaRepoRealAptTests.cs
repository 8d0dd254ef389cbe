using System.Diagnostics;
using CudaImages.Building;
using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Building;

/// <summary>
/// The NVIDIA-repo Dockerfiles (ubuntu22.04, CUDA 12.4.1) built by BuildImages on the real engine through real apt,
/// from a signed local repository with NVIDIA's layout (<see cref="LocalNvidiaRepository"/>), with debian:12 standing in
/// for ubuntu:22.04 (--base-image) and the repository on 127.0.0.1 (--package-repository, --build-network host).
/// base → runtime → devel → cudnn-runtime is built; what apt installed and holds is checked against images/ (the
/// versions of nvidia-packages.yaml, the hold lists of flavors.yaml). The packages are empty, so the images stay the
/// size of debian:12 plus curl's removal.
/// </summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class NvidiaRepoRealAptTests(NvidiaRepoBuild build) : IClassFixture<NvidiaRepoBuild>
{
    LocalNvidiaRepository repository => build.Repository;
    BuildPlan plan => build.Plan;
    IReadOnlyList<ImageBuildRecord> records => build.Records;

    /// <summary>The image and its ancestors, root first.</summary>
    IReadOnlyList<ImageSpec> Chain(ImageSpec image)
    {
        var chain = new List<ImageSpec>();
        for (ImageSpec? current = image; current is not null; current = current.Parent is { } p ? plan.Find(p) : null)
            chain.Insert(0, current);
        return chain;
    }

    /// <summary>
    /// What images/ says the image has: every package of its flavor and its ancestors' at the version of
    /// nvidia-packages.yaml (unpinned: the one the repository serves; none: absent), and the packages their holds name.
    /// </summary>
    (Dictionary<string, string> Versions, List<string> Held) Expected(ImageSpec image)
    {
        var pins = build.Matrix.PinsFor(image.Cuda, image.Distro).ShouldNotBeNull(image.Tag);
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        var held = new List<string>();
        foreach (var flavor in Chain(image).Select(i => build.Matrix.Flavor(i.Flavor)))
        {
            foreach (var name in MatrixLoader.PackageNames(image.Cuda, image.Distro, flavor))
                if (pins.Versions[name] is var version and not PinnedPackages.None)
                    versions[name] = version == PinnedPackages.Unpinned ? repository.Served[name] : version;
            held.AddRange(flavor.HoldsFor(image.Distro).Select(image.Cuda.Expand));
        }
        return (versions, held);
    }

    static Dictionary<string, string> Installed(ImageSpec image) =>
        Run(image.Reference, "dpkg-query -W -f '${Package}=${Version}\\n'")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    static string[] Held(ImageSpec image) => Run(image.Reference, "apt-mark showhold").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    static string Run(string image, string script)
    {
        var start = new ProcessStartInfo("docker", ["run", "--rm", "--network", "none", image, "sh", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, output + error.Result);
        return output;
    }

    [Fact]
    public void Real_apt_builds_base_runtime_devel_and_cudnn_runtime_from_the_signed_local_nvidia_repository()
    {
        plan.Images.Select(i => i.Flavor).ShouldBe(["base", "runtime", "devel", "cudnn-runtime"], ignoreOrder: true);
        records.ShouldAllBe(r => r.Status == ImageBuildStatus.Built,
            string.Join(Environment.NewLine, records.Select(r => $"{r.Tag} {r.Status} {r.Note} {string.Join(" | ", r.LastLines ?? [])} log: {r.Log}")));
    }

    [Fact]
    public void Real_apt_installs_every_package_at_the_version_nvidia_packages_yaml_gives()
    {
        foreach (var image in plan.Images)
        {
            var installed = Installed(image);
            var expected = Expected(image).Versions;

            expected.ShouldNotBeEmpty(image.Tag);
            foreach (var (name, version) in expected)
                installed.GetValueOrDefault(name).ShouldBe(version, $"{image.Tag}: {name}");
        }
    }

    [Fact]
    public void Real_apt_holds_exactly_the_packages_flavors_yaml_holds()
    {
        foreach (var image in plan.Images)
            Held(image).Order(StringComparer.Ordinal).ShouldBe(Expected(image).Held.Distinct().Order(StringComparer.Ordinal), image.Tag);
    }

    [Fact]
    public void Real_apt_pins_and_holds_cudnn_in_the_cudnn_runtime_image_as_nvidia_does()
    {
        // NVIDIA's dist/12.4.1/ubuntu2204/runtime/cudnn/Dockerfile: libcudnn9-cuda-12=9.1.0.70-1, then apt-mark hold of it.
        var image = plan.Images.Single(i => i.Flavor == "cudnn-runtime");

        Installed(image).GetValueOrDefault("libcudnn9-cuda-12").ShouldBe("9.1.0.70-1");
        Held(image).ShouldBe(["libcublas-12-4", "libcudnn9-cuda-12", "libnccl2"], ignoreOrder: true);
    }

    [Fact]
    public void Real_keyring_package_trusts_the_repository_through_signed_by()
    {
        var sources = Run(plan.Images[0].Reference, "cat /etc/apt/sources.list.d/cuda-ubuntu2204-x86_64.list; test -s /usr/share/keyrings/cuda-archive-keyring.gpg");

        sources.ShouldStartWith($"deb [signed-by=/usr/share/keyrings/cuda-archive-keyring.gpg] {repository.Address}/ubuntu2204/x86_64/ /");
    }
}

/// <summary>The chain built once for all the tests of <see cref="NvidiaRepoRealAptTests"/>, and removed after them.</summary>
public sealed class NvidiaRepoBuild : IAsyncLifetime
{
    const string ImageRepository = "cudaimages-test-nvidia-apt";
    const string Distro = "ubuntu22.04";
    const string Cuda = "12.4.1";

    // Its own connection to the engine and debian:12, made as the engine tests' collection makes them.
    readonly EngineFixture engine = new();

    public LocalNvidiaRepository Repository { get; private set; } = null!;
    public ImageMatrix Matrix { get; private set; } = null!;
    public BuildPlan Plan { get; private set; } = null!;
    public IReadOnlyList<ImageBuildRecord> Records { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await engine.InitializeAsync();
        Repository = await LocalNvidiaRepository.StartAsync();
        var matrix = MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue);
        var overrides = MatrixOverrides.Parse(matrix, [$"{Distro}=debian:12"], [$"nvidia-apt={Repository.RepositoryUrl}"]);
        Matrix = overrides.ApplyTo(matrix);
        // The chain and the cuDNN image on it; cudnn-devel adds nothing apt would do differently, and frameworks need PyPI.
        Plan = Planner.Plan(Matrix, new Selection([Cuda], [Distro], ["base", "runtime", "devel", "cudnn-runtime"], []), ImageRepository);
        var ubuntu = Matrix.Distros.Single(d => d.Id == Distro);
        await Repository.PublishAsync(ubuntu.NvidiaRepo!, Cuda, Plan.Images.SelectMany(i => DockerfileInstalls.Read([i.Dockerfile]).Installed));

        var options = new BuildOptions(2, Force: false, AptProxy: null, "test", engine.Logs, "io.cudaimages") { Network = "host" };
        Records = await new ImageBuilder(engine.Engine, options).BuildAsync(Plan, engine.Bases, new PlainBuildProgress(TextWriter.Null), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        // The port is new each run, and so are the hashes: these images would never be reused.
        foreach (var record in Records.Where(r => r.Status == ImageBuildStatus.Built).Reverse())
            await engine.Engine.RemoveImageAsync(record.Reference, CancellationToken.None);
        await Repository.DisposeAsync();
        await engine.DisposeAsync();
    }
}
