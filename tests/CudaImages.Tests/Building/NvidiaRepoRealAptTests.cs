using System.Diagnostics;
using CudaImages.Building;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Building;

/// <summary>
/// The NVIDIA-repo Dockerfiles (ubuntu22.04, CUDA 12.4.1) built by BuildImages on the real engine through real apt,
/// from a signed local repository with NVIDIA's layout (<see cref="LocalNvidiaRepository"/>), with debian:12 standing in
/// for ubuntu:22.04 (--base-image) and the repository on 127.0.0.1 (--package-repository, --build-network host).
/// Every flavor of the chain without a framework is built (a framework's wheels need PyPI); the packages are empty,
/// so the images stay the size of debian:12 plus curl's removal.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class NvidiaRepoRealAptTests(NvidiaRepoBuild build) : IClassFixture<NvidiaRepoBuild>
{
    LocalNvidiaRepository repository => build.Repository;
    BuildPlan plan => build.Plan;
    IReadOnlyList<ImageBuildRecord> records => build.Records;

    IEnumerable<string> Chain(ImageSpec image)
    {
        var chain = new List<string>();
        for (ImageSpec? current = image; current is not null; current = current.Parent is { } p ? plan.Find(p) : null)
            chain.Insert(0, current.Dockerfile);
        return chain;
    }

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
    public void Real_apt_builds_base_runtime_and_devel_from_the_signed_local_nvidia_repository()
    {
        new[] { "base", "runtime", "devel" }.ShouldBeSubsetOf(plan.Images.Select(i => i.Flavor));
        records.ShouldAllBe(r => r.Status == ImageBuildStatus.Built,
            string.Join(Environment.NewLine, records.Select(r => $"{r.Tag} {r.Status} {r.Note} {string.Join(" | ", r.LastLines ?? [])} log: {r.Log}")));
    }

    [Fact]
    public void Real_apt_installs_every_package_at_the_version_the_dockerfiles_ask_for()
    {
        foreach (var image in plan.Images)
        {
            var installed = Run(image.Reference, "dpkg-query -W -f '${Package}=${Version}\\n'")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            var asked = DockerfileInstalls.Read(Chain(image)).Installed;

            asked.ShouldNotBeEmpty(image.Tag);
            foreach (var package in asked)
                installed.GetValueOrDefault(package.Name).ShouldBe(package.Version ?? repository.Served[package.Name], $"{image.Tag}: {package.Name}");
        }
    }

    [Fact]
    public void Real_apt_holds_exactly_the_packages_the_dockerfiles_hold()
    {
        foreach (var image in plan.Images)
        {
            var held = Run(image.Reference, "apt-mark showhold").Split('\n', StringSplitOptions.RemoveEmptyEntries);

            held.Order(StringComparer.Ordinal).ShouldBe(DockerfileInstalls.Read(Chain(image)).Held.Distinct().Order(StringComparer.Ordinal), image.Tag);
        }
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
    public BuildPlan Plan { get; private set; } = null!;
    public IReadOnlyList<ImageBuildRecord> Records { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await engine.InitializeAsync();
        Repository = await LocalNvidiaRepository.StartAsync();
        var matrix = MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue);
        var overrides = MatrixOverrides.Parse(matrix, [$"{Distro}=debian:12"], [$"nvidia-apt={Repository.RepositoryUrl}"]);
        var ubuntu = matrix.Distros.Single(d => d.Id == Distro);
        var flavors = matrix.Flavors.Where(f => f.Framework is null && f.PackagesFor(ubuntu) is not null).Select(f => f.Id).ToList();
        Plan = Planner.Plan(overrides.ApplyTo(matrix), new Selection([Cuda], [Distro], flavors, []), ImageRepository);
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
