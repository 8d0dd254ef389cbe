using System.Diagnostics;
using CudaImages.Docker;
using CudaImages.Model;

namespace CudaImages.Bases;

public enum BaseSource { Auto, Pull, Bootstrap }

/// <summary>A prerequisite of the host is missing; the message says how to get it.</summary>
public sealed class PrerequisiteException(string message) : Exception(message);

/// <summary>
/// Makes sure every distro's base image is in the engine, per platform: pulled when a registry answers, otherwise
/// bootstrapped from the Debian archive with mmdebstrap and imported under the same reference. Another platform's base
/// gets its own local name (debian:12-arm64) and is built FROM scratch for that platform, because an import records this
/// machine's architecture whatever platform it is told.
/// </summary>
public sealed class BaseImages(IDockerEngine engine, string logsDirectory, TextWriter output)
{
    const string DefaultMirror = "http://deb.debian.org/debian";

    /// <summary>The base image ID of each distro, by base image reference; existing images are reused unless <paramref name="refresh"/>.</summary>
    public Task<IReadOnlyDictionary<string, string>> EnsureAsync(IEnumerable<Distro> distros, BaseSource source, bool refresh, CancellationToken cancellationToken) =>
        EnsureAsync(distros.Select(d => (d, Platform.Host)), source, refresh, cancellationToken);

    /// <summary>The base image ID of each distro and platform, by its local base reference (<see cref="Distro.BaseImageFor"/>).</summary>
    public async Task<IReadOnlyDictionary<string, string>> EnsureAsync(IEnumerable<(Distro Distro, Platform Platform)> bases, BaseSource source, bool refresh, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, string>();
        foreach (var (distro, platform) in bases.DistinctBy(b => b.Distro.BaseImageFor(b.Platform)))
        {
            var reference = distro.BaseImageFor(platform);
            if (!refresh && await engine.InspectImageAsync(reference, cancellationToken) is { } existing)
            {
                ids[reference] = existing.Id;
                continue;
            }
            ids[reference] = await ObtainAsync(distro, platform, source, cancellationToken);
        }
        return ids;
    }

    async Task<string> ObtainAsync(Distro distro, Platform platform, BaseSource source, CancellationToken cancellationToken)
    {
        var reference = distro.BaseImageFor(platform);
        if (source is BaseSource.Pull or BaseSource.Auto)
        {
            output.WriteLine($"{reference}: pulling{(platform == Platform.Host ? "" : $" {distro.BaseImage} for {platform}")}");
            try
            {
                if (platform == Platform.Host ? await engine.TryPullImageAsync(reference, cancellationToken) : await PullForeignAsync(distro, platform, cancellationToken))
                    return (await engine.InspectImageAsync(reference, cancellationToken))!.Id;
            }
            catch (EngineRequestException e) when (source == BaseSource.Auto && distro.Bootstrap is not null)
            {
                output.WriteLine($"{reference}: {e.Message}"); // a registry that refuses (rate limit...) is no reason to stop
            }
            if (source == BaseSource.Pull)
                throw new PrerequisiteException($"{reference} cannot be pulled: no registry answers. " +
                    (distro.Bootstrap is null ? CannotBootstrap(distro) : "Use --base-source bootstrap to build it from the Debian archive."));
            output.WriteLine($"{reference}: no registry answers; bootstrapping it instead");
        }
        if (distro.Bootstrap is null) throw new PrerequisiteException($"{reference} is not in the engine and cannot be pulled. " + CannotBootstrap(distro));
        return await BootstrapAsync(distro, platform, distro.Bootstrap, cancellationToken);
    }

    /// <summary>Pulls the distro's base for another platform and names it debian:12-arm64, leaving debian:12 where it was.</summary>
    async Task<bool> PullForeignAsync(Distro distro, Platform platform, CancellationToken cancellationToken)
    {
        var before = await engine.InspectImageAsync(distro.BaseImage, cancellationToken);
        if (!await engine.TryPullImageAsync(distro.BaseImage, cancellationToken, platform.Id)) return false;
        var pulled = (await engine.InspectImageAsync(distro.BaseImage, cancellationToken))!.Id;
        await engine.TagImageAsync(pulled, distro.BaseImageFor(platform), CancellationToken.None);
        if (before is not null) await engine.TagImageAsync(before.Id, distro.BaseImage, CancellationToken.None);
        return true;
    }

    static string CannotBootstrap(Distro distro) =>
        $"{distro.Name} bases cannot be bootstrapped here (mmdebstrap makes Debian bases only): " +
        $"load {distro.BaseImage} into the engine (docker load) from a machine with registry access, or leave {distro.Id} out (--distro).";

    /// <summary>
    /// mmdebstrap's root filesystem tar: for this machine's platform piped straight into the engine's import; for another,
    /// built FROM scratch with the platform set (<see cref="ForeignBase"/>).
    /// </summary>
    async Task<string> BootstrapAsync(Distro distro, Platform platform, Bootstrap bootstrap, CancellationToken cancellationToken)
    {
        var reference = distro.BaseImageFor(platform);
        if (!Programs.OnPath("mmdebstrap"))
            throw new PrerequisiteException($"{reference} must be bootstrapped but mmdebstrap is not installed: apt-get install mmdebstrap");
        // mmdebstrap checks with arch-test that the foreign architecture's programs run before it starts.
        if (platform != Platform.Host && !Programs.OnPath("arch-test"))
            throw new PrerequisiteException($"{reference} must be bootstrapped for {platform} but arch-test is not installed: apt-get install arch-test");
        Directory.CreateDirectory(logsDirectory);
        var logPath = Path.Combine(logsDirectory, $"base-{distro.Id}{platform.TagSuffix}.log");
        output.WriteLine($"{reference}: bootstrapping {bootstrap.Suite} ({bootstrap.Variant}) with mmdebstrap; log: {logPath}");

        var start = new ProcessStartInfo("mmdebstrap") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in MmdebstrapArguments(bootstrap, platform == Platform.Host ? null : platform)) start.ArgumentList.Add(argument);
        start.Environment["SOURCE_DATE_EPOCH"] = bootstrap.SourceDateEpoch.ToString();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await using var log = new StreamWriter(logPath) { AutoFlush = true };
        var lastLines = new Queue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lastLines)
            {
                log.WriteLine(e.Data);
                lastLines.Enqueue(e.Data);
                if (lastLines.Count > 15) lastLines.Dequeue();
            }
        };
        process.BeginErrorReadLine();
        string? id = null;
        Exception? importError = null;
        try
        {
            id = platform == Platform.Host
                ? await engine.ImportImageAsync(process.StandardOutput.BaseStream, reference, ImageSettings, cancellationToken)
                : await new ForeignBase(engine).BuildAsync(process.StandardOutput.BaseStream, reference, platform, ImageSettings, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            importError = e; // when mmdebstrap failed, its own message explains the broken tar better
        }
        finally
        {
            // Nobody reads its output any more: left alone, mmdebstrap would block on a full pipe forever.
            if ((importError is not null || cancellationToken.IsCancellationRequested) && !process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync(CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0 && importError is null)
        {
            if (id is not null) await engine.RemoveImageAsync(reference, CancellationToken.None);
            throw new PrerequisiteException($"mmdebstrap failed for {reference} (exit {process.ExitCode}); last lines of {logPath}:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", lastLines));
        }
        if (importError is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(importError);
        output.WriteLine($"{reference}: imported {Digests.Short(id!)} for {platform} in {watch.Elapsed.TotalSeconds:0}s");
        return id;
    }

    /// <summary>What a base image says besides its files, as Dockerfile instructions.</summary>
    static readonly IReadOnlyList<string> ImageSettings = ["CMD [\"bash\"]", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    /// <summary>A minimal root filesystem with the archive components the CUDA packages need, reproducible for a SOURCE_DATE_EPOCH.</summary>
    public static IReadOnlyList<string> MmdebstrapArguments(Bootstrap bootstrap, Platform? foreign = null)
    {
        var mirror = bootstrap.Mirror ?? DefaultMirror;
        var components = string.Join(' ', bootstrap.Components);
        // Debian's architecture names are the OCI ones (amd64, arm64); a foreign one runs its maintainer scripts through qemu.
        string[] architecture = foreign is null ? [] : [$"--architectures={foreign.Architecture}"];
        return
        [
            "--mode=auto", $"--variant={bootstrap.Variant}", "--format=tar", .. architecture,
            "--aptopt=APT::Install-Recommends \"false\"",
            "--aptopt=APT::Install-Suggests \"false\"",
            "--aptopt=Acquire::Languages \"none\"",
            // apt in the image keeps no package caches or downloaded .debs (size, and a reproducible tar).
            "--customize-hook=printf '%s\\n' 'Dir::Cache::pkgcache \"\";' 'Dir::Cache::srcpkgcache \"\";' 'APT::Keep-Downloaded-Packages \"false\";' > \"$1/etc/apt/apt.conf.d/90container-clean\"",
            // The host's resolver and name must not end up in the image.
            "--customize-hook=rm -f \"$1/etc/resolv.conf\" \"$1/etc/hostname\" \"$1\"/var/cache/apt/*.bin",
            bootstrap.Suite, "-",
            $"deb {mirror} {bootstrap.Suite} {components}",
            $"deb {mirror} {bootstrap.Suite}-updates {components}",
            $"deb {mirror}-security {bootstrap.Suite}-security {components}",
        ];
    }
}
