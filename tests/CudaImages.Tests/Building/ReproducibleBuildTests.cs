using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Building;

/// <summary>
/// The locked Debian 12 chain (CUDA 11.8: base and runtime, from images/locks/debian12.lock) as the other real-image tests
/// have it (built when missing, whenever that was), and built again with --force on the real engine, through real apt
/// against Debian's archive: the same lock gives the same installed packages and the same package-set labels, though
/// every step ran again.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class ReproducibleBuildTests(ReproducibleChainBuilds builds) : IClassFixture<ReproducibleChainBuilds>
{
    [Fact]
    public void Real_engine_rebuilds_every_image_of_the_locked_chain_with_force_instead_of_reusing_layers()
    {
        builds.Second.ShouldAllBe(b => b.Record.Status == ImageBuildStatus.Built, string.Join("; ", builds.Second.Select(b => $"{b.Record.Tag} {b.Record.Status} {b.Record.Note}")));
        builds.Second.Select(b => b.Record.ImageId).ShouldNotContain(id => builds.First.Any(f => f.Record.ImageId == id));
    }

    [Fact]
    public void Real_apt_installs_the_same_packages_at_the_same_versions_in_both_builds_of_the_same_lock()
    {
        foreach (var (first, second) in builds.First.Zip(builds.Second))
        {
            first.Packages.ShouldContain(p => p.StartsWith("libcudart11.0:amd64=", StringComparison.Ordinal));
            second.Packages.ShouldBe(first.Packages, $"{first.Record.Tag}: dpkg-query of the second build against the first");
        }
    }

    [Fact]
    public void Real_engine_images_of_both_builds_carry_the_package_set_label_of_the_lock()
    {
        foreach (var (first, second) in builds.First.Zip(builds.Second))
        {
            var planned = builds.Plan.Find(first.Record.Tag)!.PackageSet.ShouldNotBeNull();
            (first.PackageSetLabel, second.PackageSetLabel, first.Record.PackageSet).ShouldBe((planned, planned, planned), first.Record.Tag);
        }
    }
}

/// <summary>One build of one image: its record, what dpkg says is installed (name:arch=version, sorted) and its package-set label.</summary>
public sealed record ChainImageBuild(ImageBuildRecord Record, IReadOnlyList<string> Packages, string? PackageSetLabel);

/// <summary>
/// The two builds, made once for all the tests of <see cref="ReproducibleBuildTests"/>: the repository's chain as the engine
/// collection's tests share it (cudaimages-test-cuda, built or skipped), then a forced build of it under a name of its own,
/// whose images are removed afterwards.
/// </summary>
public sealed class ReproducibleChainBuilds : IAsyncLifetime
{
    const string Repository = "cudaimages-test-reproducible";
    static readonly Selection Chain = new(["11.8"], ["debian12"], ["runtime"], []);

    readonly EngineFixture engine = new();

    public BuildPlan Plan { get; private set; } = null!;
    public IReadOnlyList<ChainImageBuild> First { get; private set; } = [];
    public IReadOnlyList<ChainImageBuild> Second { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await engine.InitializeAsync();
        Plan = Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue), Chain, Repository);
        var (_, shared) = await engine.BuildRepositoryImagesAsync(Chain, "cudaimages-test-cuda");
        First = await ReadAsync(shared);
        var options = new BuildOptions(1, Force: true, AptProxy: null, "test", engine.Logs, "io.cudaimages");
        Second = await ReadAsync(await new ImageBuilder(engine.Engine, options).BuildAsync(Plan, engine.Bases, new PlainBuildProgress(TextWriter.Null), CancellationToken.None));
    }

    async Task<IReadOnlyList<ChainImageBuild>> ReadAsync(IReadOnlyList<ImageBuildRecord> records)
    {
        var builds = new List<ChainImageBuild>();
        foreach (var record in records)
        {
            if (record.ImageId is not { } id)
            {
                builds.Add(new ChainImageBuild(record, [], null));
                continue;
            }
            var run = await engine.Engine.RunContainerAsync(new ContainerRunRequest(id, ["dpkg-query", "-W", "-f", "${Package}:${Architecture}=${Version}\\n"]), CancellationToken.None);
            run.ExitCode.ShouldBe(0, run.Output);
            var image = await engine.Engine.InspectImageAsync(id, CancellationToken.None);
            builds.Add(new ChainImageBuild(record, run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList(),
                image?.Labels.GetValueOrDefault("io.cudaimages.package-set")));
        }
        return builds;
    }

    public async Task DisposeAsync()
    {
        // Children before parents: the engine refuses to remove an image another one is built on. The shared chain stays.
        foreach (var build in Second.Reverse())
            await engine.Engine.RemoveImageAsync(build.Record.ImageId ?? build.Record.Reference, CancellationToken.None);
        await engine.DisposeAsync();
    }
}
