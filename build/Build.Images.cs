using CudaImages.Archive;
using CudaImages.Bases;
using CudaImages.BuildEngine;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Publishing;
using CudaImages.Publishing.Attachments;
using CudaImages.Signing;

partial class Build
{
    [Parameter("Where base images come from: auto (pull when a registry answers, else bootstrap), pull, bootstrap")]
    readonly BaseSource BaseSource = BaseSource.Auto;

    [Parameter("How many images to build at the same time", Minimum = 1)]
    readonly int Parallelism = Environment.ProcessorCount;

    [Parameter("Rebuild images even when their input hash matches, every step again (no layer cache)")]
    readonly bool Force;

    [Parameter("HTTP proxy for apt during builds, e.g. http://172.17.0.1:3142 (apt-cacher-ng); never stored in an image")]
    readonly string? AptProxy;

    [Parameter("Network of the build containers: default (the engine's bridge) or host, to reach a package repository or apt proxy on 127.0.0.1")]
    readonly BuildNetwork BuildNetwork = BuildNetwork.Default;

    AbsolutePath LogsDirectory => ArtifactsDirectory / "logs";

    Target BootstrapBase => _ => _
        .Description("Put each planned distro's base image in the engine: pull it, or build it with mmdebstrap (--base-source)")
        .DependsOn(Plan)
        .Executes(async () =>
        {
            Emulation.Require(PlannedPlatforms);
            var (engine, _) = await EngineConnection.ConnectAsync(Log.Warning, CancellationToken);
            using var _engine = engine;
            await new BaseImages(engine, LogsDirectory, Console.Out)
                .EnsureAsync(BuildPlan.Images.Select(i => (i.Distro, i.Platform)), BaseSource, refresh: true, CancellationToken);
        });

    Target BuildImages => _ => _
        .Description("Build the planned images on the Docker Engine: parents first, in parallel, skipping unchanged images; writes artifacts/build.json")
        .DependsOn(Plan)
        .After(BootstrapBase)
        .Executes(async () =>
        {
            // Another platform's builds run its programs through qemu: without it, stop before anything is built.
            Emulation.Require(PlannedPlatforms);
            var (engine, info) = await EngineConnection.ConnectAsync(Log.Warning, CancellationToken);
            using var _engine = engine;
            Log.Information($"Docker Engine {info.Version} (API {info.ApiVersion}, {info.StorageDriver}) at {info.Connection}; platforms {string.Join(", ", PlannedPlatforms)}");

            var roots = BuildPlan.Images.Where(i => i.Parent is null).Select(i => (i.Distro, i.Platform));
            var bases = await new BaseImages(engine, LogsDirectory, Console.Out).EnsureAsync(roots, BaseSource, refresh: false, CancellationToken);
            var options = new BuildOptions(Parallelism, Force, AptProxy, SourceRevision.Of(RootDirectory), LogsDirectory, LoadedMatrix.Settings.LabelPrefix)
            {
                Network = BuildNetwork == BuildNetwork.Host ? "host" : null,
            };
            // An unreadable build.json stops the run before anything is built, not after.
            BuildFile.Read(ArtifactsDirectory / BuildFile.RelativePath);
            using var registry = RegistryCacheClient();
            // Publish --attest writes SBOMs from the image: a cached digest without them is pulled, not rebuilt. Publish signs
            // with --signing-key: a cached digest whose signature that key does not verify (another key, or tampered) is
            // rebuilt, not signed as found.
            using var key = registry is null || SigningKey is null ? null : await SigningPublicKeyAsync();
            var cache = registry is null ? null : new RegistryCache(registry, engine, engine, registry.Credential,
                Attest ? MissingAttestations(registry, key) : null, key is null ? null : ForeignSignature(registry, key));
            var builder = new ImageBuilder(engine, options, cache);
            var toBuild = await builder.ToBuildAsync(BuildPlan, bases, CancellationToken);
            DiskSpace.Check(info, BuildPlan, toBuild);
            // Only what will be built asks the archive: a skipped image installs nothing.
            await new PackageLocks(engine).CheckAvailableAsync(toBuild, CancellationToken);

            // Live table on a terminal; one plain line per event in CI logs.
            IReadOnlyList<ImageBuildRecord> records;
            if (IsLocalBuild && !Console.IsOutputRedirected)
            {
                await using var live = new LiveBuildProgress(BuildPlan.Images);
                records = await builder.BuildAsync(BuildPlan, bases, live, CancellationToken);
            }
            else
                records = await builder.BuildAsync(BuildPlan, bases, new PlainBuildProgress(Console.Out), CancellationToken);
            BuildFile.Merge(ArtifactsDirectory / BuildFile.RelativePath, records);
            ReportBuild(records);
        });

    /// <summary>With --registry, the registry is the cache: an image its fixed tag holds with the same inputs is not rebuilt.</summary>
    RegistryClient? RegistryCacheClient()
    {
        if (Registry is null) return null;
        var target = RegistryRepository.Parse(Registry);
        Log.Information($"looking up each image's fixed tag in {target} before building it");
        return new RegistryClient(target, RegistryCredentials.Resolve(target, RegistryUsername, RegistryPassword), onRetry: Log.Warning);
    }

    /// <summary>What a digest lacks of the SBOM attestations Publish --attest attaches (signed with <paramref name="key"/>, when Publish signs with one).</summary>
    static Func<string, CancellationToken, Task<IReadOnlyList<string>>> MissingAttestations(RegistryClient registry, SignatureKey? key)
    {
        var check = new AttachmentCheck(new AttachmentStore(registry));
        return (digest, token) => check.ProblemsAsync(digest, new AttachmentExpectation(Signed: false, Key: key, Attested: true), token);
    }

    /// <summary>Why a digest's signature is not <paramref name="key"/>'s; null when it is, or when it has none.</summary>
    static Func<string, CancellationToken, Task<string?>> ForeignSignature(RegistryClient registry, SignatureKey key)
    {
        var check = new AttachmentCheck(new AttachmentStore(registry));
        return (digest, token) => check.ForeignSignatureAsync(digest, key, token);
    }

    void ReportBuild(IReadOnlyList<ImageBuildRecord> records)
    {
        var counts = records.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        Log.Information($"{counts.GetValueOrDefault(ImageBuildStatus.Built)} built, {counts.GetValueOrDefault(ImageBuildStatus.Skipped)} skipped, " +
                        $"{counts.GetValueOrDefault(ImageBuildStatus.CurrentInRegistry)} current in registry, " +
                        $"{counts.GetValueOrDefault(ImageBuildStatus.Failed)} failed, {counts.GetValueOrDefault(ImageBuildStatus.NotRun)} not run; wrote {ArtifactsDirectory / BuildFile.RelativePath}");
        CancellationToken.ThrowIfCancellationRequested();
        var failed = records.Where(r => r.Status == ImageBuildStatus.Failed).ToList();
        if (failed.Count == 0) return;
        foreach (var f in failed)
            Log.Error($"{f.Tag} failed at {f.FailedStep}: {f.Note}{Environment.NewLine}  " +
                      string.Join(Environment.NewLine + "  ", f.LastLines ?? []) + $"{Environment.NewLine}  full log: {f.Log}");
        var notRun = records.Where(r => r.Status == ImageBuildStatus.NotRun).Select(r => r.Tag).ToList();
        throw new Exception($"{failed.Count} image(s) failed: {string.Join(", ", failed.Select(f => f.Tag))}" +
                            (notRun.Count > 0 ? $"; not run: {string.Join(", ", notRun)}" : ""));
    }
}
