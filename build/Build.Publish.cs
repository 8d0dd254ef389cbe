using System.Diagnostics;
using System.Text;
using CudaImages;
using CudaImages.BuildEngine;
using CudaImages.Docker;
using CudaImages.Publishing;
using CudaImages.Smoke;

partial class Build
{
    [Parameter("Registry repository to publish to, e.g. localhost:5000/cuda or ghcr.io/acme/cuda; tag <tag> becomes <registry>:<tag>")]
    readonly string? Registry;

    [Parameter("User for the registry (default: the docker config's login for its host, from docker login)")]
    readonly string? RegistryUsername;

    [Parameter("Password or token for the registry; with --registry-username (default: the docker config)"), Secret]
    readonly string? RegistryPassword;

    [Parameter("Publish: print what would be pushed and which aliases would move, and change nothing")]
    readonly bool DryRun;

    Target Publish => _ => _
        .Description("Push the selected images whose smoke checks passed to --registry: fixed tag first, then floating aliases, each read back and verified; writes artifacts/publish.json")
        .DependsOn(Plan)
        .After(BuildImages, SmokeTest, Sbom)
        .Requires(() => Registry)
        .Executes(async () =>
        {
            var target = RegistryRepository.Parse(Registry!);
            var credential = RegistryCredentials.Resolve(target, RegistryUsername, RegistryPassword);
            var built = CudaImages.Building.BuildFile.Read(ArtifactsDirectory / CudaImages.Building.BuildFile.RelativePath).Images;
            // An image BuildImages found current in this registry passed its checks when it was published: a run in which
            // every image is (a fresh runner, nothing changed) needs no smoke results.
            var allCurrent = BuildPlan.Images.All(i => built.Any(r => r.Tag == i.Tag && r.IsCurrentIn(target.Name)));
            var smoke = allCurrent && !File.Exists(ArtifactsDirectory / SmokeResultsFile.RelativePath) ? [] : ReadSmokeResults().Results;
            var (engine, pusher) = await EngineConnection.ConnectWithPusherAsync(Log.Warning, CancellationToken);
            using var _engine = engine;
            var log = new LogWriter();
            using var registry = new RegistryClient(target, credential, onRetry: Log.Warning);
            var gate = new SmokeGate(smoke, LoadedMatrix.Flavors.ToDictionary(f => f.Id, f => f.PublishRequires));
            var publisher = new Publisher(engine, pusher, registry, credential, gate, log,
                attachments: DryRun ? null : await AttachmentsAsync(registry, engine, log), built: built);
            Log.Information(PublishTable.Heading(BuildPlan.Images.Count, target, credential, DryRun));

            var clock = Stopwatch.StartNew();
            try
            {
                await publisher.PublishAsync(BuildPlan.Images, DryRun, CancellationToken);
            }
            finally
            {
                // What was published before a failure is in the registry: record it, so MeasureSizes and Report see it.
                if (!DryRun && publisher.Done.Count > 0)
                    WritePublishFile(target, publisher.Done);
            }
            ReportPublish(publisher.Done, clock.Elapsed);
        });

    SmokeResultsFile ReadSmokeResults()
    {
        try
        {
            return SmokeResultsFile.Read(ArtifactsDirectory / SmokeResultsFile.RelativePath);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new InputException($"Publish publishes only images whose smoke checks passed, and {e.Message}");
        }
    }

    void WritePublishFile(RegistryRepository target, IReadOnlyList<PublishOutcome> outcomes)
    {
        var path = ArtifactsDirectory / PublishFile.RelativePath;
        PublishFile? previous = null;
        try
        {
            previous = PublishFile.ReadIfExists(path);
        }
        catch (InvalidDataException e)
        {
            Log.Warning($"{e.Message}; writing a new one");
        }
        PublishResults.Merge(previous, target, outcomes, DateTimeOffset.UtcNow).Write(path);
    }

    void ReportPublish(IReadOnlyList<PublishOutcome> outcomes, TimeSpan elapsed)
    {
        ConsoleTables.Write(PublishTable.Render(outcomes), PublishTable.LogWidth);
        Log.Information(PublishTable.Summary(outcomes, DryRun, elapsed, ArtifactsDirectory / PublishFile.RelativePath));
        foreach (var s in outcomes.Where(o => o.Action == PublishAction.Skipped))
            Log.Warning($"{s.Image.Tag} not published: {s.Reason}");
    }

    /// <summary>The publisher's progress lines go through the build log, which masks secrets.</summary>
    sealed class LogWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value) => Log.Information(value ?? "");
    }
}
