using System.Diagnostics;
using CudaImages.Docker;
using CudaImages.Locking;
using CudaImages.Model;
using CudaImages.Planning;

namespace CudaImages.Archive;

/// <summary>One chain (a CUDA release on a distro, for one platform) as the archive resolves it now: each image's install step, and the versions offered of the locked packages.</summary>
public sealed record ChainProbe(string Distro, string Cuda, Platform Platform, IReadOnlyList<ImageLock> Images, IReadOnlyDictionary<string, IReadOnlyList<string>> Available, TimeSpan Duration);

/// <summary>
/// Asks the real archive, through apt in one throw-away container of each chain's base image (with the engine's network),
/// what each image's install step ends up with: the named packages and every dependency apt pulls in, each child on top of
/// its parents' packages. Nothing is downloaded or installed; the container is always removed.
/// </summary>
public sealed class ArchiveResolver(IDockerEngine engine)
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    // apt under qemu reads the archive's package lists many times slower: seen past 5 minutes on a loaded machine.
    static readonly TimeSpan EmulatedTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Probes every chain of <paramref name="images"/> (parents before children); <paramref name="resolve"/> false only looks up the locked versions.</summary>
    public async Task<IReadOnlyList<ChainProbe>> ProbeAsync(IReadOnlyList<ImageSpec> images, bool resolve, CancellationToken cancellationToken)
    {
        // Each platform is its own chain: its base image runs its apt (arm64 under qemu), which resolves that architecture's packages.
        var chains = images.GroupBy(i => (i.Distro.Id, i.Cuda.Full, i.Platform)).Select(g => g.ToList()).ToList();
        // apt's resolver is CPU-bound: more containers at once than cores only makes each one slower.
        using var slots = new SemaphoreSlim(Environment.ProcessorCount);
        return await Task.WhenAll(chains.Select(async chain =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                return await ProbeChainAsync(chain, resolve, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    async Task<ChainProbe> ProbeChainAsync(List<ImageSpec> chain, bool resolve, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var first = chain[0];
        var byTag = chain.ToDictionary(i => i.Tag);
        IReadOnlyList<string> Named(ImageSpec image) =>
            (image.Parent is { } parent && byTag.TryGetValue(parent, out var p) ? Named(p) : []).Concat(image.Packages).Distinct().ToList();

        var installs = resolve ? chain.Select(i => (i.Tag, Named(i))).ToList() : [];
        var lookUp = chain.SelectMany(i => i.Lock?.Packages ?? []).Select(p => p.Name).ToHashSet();
        var script = AptProbe.Script(first.Distro, first.Cuda, installs, lookUp, first.Platform);

        if (await engine.InspectImageAsync(first.BaseImage, cancellationToken) is null)
            throw new InputException($"{first.BaseImage} is not in the engine: run ./build.sh BootstrapBase --distro {first.Distro.Id} first");
        var timeout = first.Platform == Platform.Host ? Timeout : EmulatedTimeout;
        var run = await engine.RunContainerAsync(new ContainerRunRequest(first.BaseImage, ["sh", "-c", script],
            MemoryBytes: 1L << 30, Timeout: timeout, Network: true), cancellationToken);
        if (run.ExitCode != 0)
        {
            var tail = string.Join(Environment.NewLine + "  ", run.Output.TrimEnd().Split('\n').TakeLast(12));
            throw new ArchiveException(run.TimedOut
                ? $"apt in a container of {first.BaseImage} did not answer within {timeout.TotalMinutes} minutes (is the archive reachable?)"
                : $"apt in a container of {first.BaseImage} failed for the {first.Cuda.Full} images of {first.Distro.Id} (exit {run.ExitCode}):{Environment.NewLine}  {tail}");
        }

        var result = AptProbe.Parse(run.Output, first.Distro.Bootstrap?.Suite);
        var locks = new List<ImageLock>();
        var resolved = new Dictionary<string, IReadOnlyDictionary<string, LockedPackage>>();
        foreach (var image in resolve ? chain : [])
        {
            // What the parent's step already installed at the same version is the parent's; the rest is this step's.
            var inherited = image.Parent is { } parent && resolved.TryGetValue(parent, out var p) ? p : new Dictionary<string, LockedPackage>();
            var all = result.Installs.GetValueOrDefault(image.Tag) ?? [];
            locks.Add(new ImageLock(image.Tag, all.Where(x => inherited.GetValueOrDefault(x.Name)?.Version != x.Version).OrderBy(x => x.Name, StringComparer.Ordinal).ToList()));
            resolved[image.Tag] = all.ToDictionary(x => x.Name);
        }
        return new ChainProbe(first.Distro.Id, first.Cuda.Full, first.Platform, locks, result.Available, clock.Elapsed);
    }
}

/// <summary>apt could not answer (the archive unreachable, a package unknown); the message says which image and apt's last lines.</summary>
public sealed class ArchiveException(string message) : Exception(message);
