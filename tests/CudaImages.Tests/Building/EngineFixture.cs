using CudaImages.Bases;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Building;

/// <summary>
/// The real Docker Engine of this machine, with debian:12 in it (bootstrapped with mmdebstrap when
/// missing). No engine is a failure with the engine's own message, never a silent pass: CI starts one.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public IDockerEngine Engine { get; private set; } = null!;
    public IImagePusher Pusher { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Bases { get; private set; } = new Dictionary<string, string>();
    /// <summary>This test run's own: concurrent runs on one machine must not write each other's logs.</summary>
    public string Logs { get; } = Path.Combine(Path.GetTempPath(), "cudaimages-tests", "logs-" + Guid.NewGuid().ToString("n"));

    // Both engine collections' fixtures wait for one look (or bootstrap) of debian:12, never two at once.
    static readonly Lock BasesGate = new();
    static Task<IReadOnlyDictionary<string, string>>? ensured;

    public async Task InitializeAsync()
    {
        (Engine, Pusher) = await EngineConnection.ConnectWithPusherAsync(Console.Error.WriteLine, CancellationToken.None);
        Task<IReadOnlyDictionary<string, string>> bases;
        lock (BasesGate)
            bases = ensured is { IsFaulted: false, IsCanceled: false } ? ensured : ensured = EnsureDebian12Async(Engine, Logs);
        Bases = await bases;
    }

    static async Task<IReadOnlyDictionary<string, string>> EnsureDebian12Async(IDockerEngine engine, string logs)
    {
        var debian12 = new Distro("debian12", "Debian 12", "debian:12", new PackageSource("debian", "", null, false, []), null,
            new Bootstrap("bookworm", "minbase", ["main", "contrib", "non-free"], null, 1747699200), [], []);
        return await new BaseImages(engine, logs, TextWriter.Null).EnsureAsync([debian12], BaseSource.Auto, refresh: false, CancellationToken.None);
    }

    /// <summary>
    /// The repository's own images of a selection, built under a test repository (or skipped when up to date). They are what
    /// BuildImages builds from this checkout under any other name: the same input hashes and labels.
    /// </summary>
    public async Task<(BuildPlan Plan, IReadOnlyList<ImageBuildRecord> Records)> BuildRepositoryImagesAsync(Selection selection, string repository)
    {
        var plan = Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue), selection, repository);
        // The revision a build of this checkout has: the end-to-end run of CI that follows then finds every layer cached.
        var records = await new ImageBuilder(Engine, new BuildOptions(2, false, null, SourceRevision.Of(TestPaths.Root), Logs, "io.cudaimages"))
            .BuildAsync(plan, Bases, new PlainBuildProgress(TextWriter.Null), CancellationToken.None);
        return (plan, records);
    }

    public Task DisposeAsync()
    {
        Engine.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// The tests that build the repository's own CUDA images (cudaimages-test-cuda:*, shared by the tests that read them),
/// one at a time: each build is minutes of apt and layer commits.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "Docker Engine";
}

/// <summary>
/// The engine tests whose images are their own (FROM scratch, a few steps on debian:12, a base of their own) under names
/// of their own, published to registries of their own. They run beside the CUDA builds of <see cref="EngineCollection"/>,
/// which they neither use nor touch.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OwnImagesCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "Docker Engine, tests' own images";
}
