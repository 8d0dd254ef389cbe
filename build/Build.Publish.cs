using CudaImages;
using System.Diagnostics;
using System.Text;
using CudaImages.BuildEngine;
using CudaImages.Docker;
using CudaImages.Publishing;
using CudaImages.Smoke;
using Spectre.Console;

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
        .After(BuildImages, SmokeTest)
        .Requires(() => Registry)
        .Executes(async () =>
        {
            var target = RegistryRepository.Parse(Registry!);
            var credential = RegistryCredentials.Resolve(target, RegistryUsername, RegistryPassword);
            var smoke = ReadSmokeResults();
            var (engine, _) = await ConnectEngineAsync();
            using var _engine = engine;
            var log = new LogWriter();
            using var registry = new RegistryClient(target, credential, onRetry: Log.Warning);
            var gate = new SmokeGate(smoke.Results, LoadedMatrix.Flavors.ToDictionary(f => f.Id, f => f.PublishRequires));
            var publisher = new Publisher(engine, (IImagePusher)engine, registry, credential, gate, log);
            Log.Information($"publishing {Count(BuildPlan.Images.Count, "image", "images")} to {target} ({(credential is null ? "no credentials" : credential.ToString())})" + (DryRun ? "; dry run: nothing changes" : ""));

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
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 220;
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Image", "Result", "Digest", "Compressed", "Aliases", "Reason");
        foreach (var o in outcomes)
        {
            var aliases = string.Join("\n", o.Aliases.Select(a => !a.Moves
                ? $"{a.Alias} (unchanged)"
                : $"{a.Alias}: {Short(a.OldDigest) ?? "(none)"} → {Short(a.NewDigest) ?? "(digest of the push)"}"));
            table.AddRow(
                Markup.Escape(o.Image.Tag),
                o.Action switch
                {
                    PublishAction.Pushed => "[green]pushed[/]",
                    PublishAction.AlreadyPublished => "already published",
                    PublishAction.WouldPush => "[yellow]would push[/]",
                    _ => "[red]not published[/]",
                },
                Markup.Escape(Short(o.Manifest?.Digest) ?? ""),
                o.Manifest is { } m ? CudaImages.Model.Size.Format(m.CompressedBytes) : "",
                Markup.Escape(aliases),
                Markup.Escape(o.Reason ?? ""));
        }
        AnsiConsole.Write(table);

        var pushed = outcomes.Count(o => o.Action == PublishAction.Pushed);
        var already = outcomes.Count(o => o.Action == PublishAction.AlreadyPublished);
        var skipped = outcomes.Where(o => o.Action == PublishAction.Skipped).ToList();
        var aliasMoves = outcomes.Sum(o => o.Aliases.Count(a => a.Moves));
        if (DryRun)
            Log.Information($"dry run: would push {outcomes.Count(o => o.Action == PublishAction.WouldPush)}, would move {Count(aliasMoves, "alias", "aliases")}, " +
                            $"{already} already published, {skipped.Count} not published; nothing changed");
        else if (pushed == 0 && aliasMoves == 0)
            Log.Information($"nothing pushed: {Count(already, "image", "images")} already published with every alias in place, {skipped.Count} not published ({elapsed.TotalSeconds:0.0} s)");
        else
            Log.Information($"{pushed} pushed, {Count(aliasMoves, "alias", "aliases")} moved, {already} already published, {skipped.Count} not published ({elapsed.TotalSeconds:0.0} s); " +
                            $"wrote {ArtifactsDirectory / PublishFile.RelativePath}");
        foreach (var s in skipped)
            Log.Warning($"{s.Image.Tag} not published: {s.Reason}");
    }

    static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    static string? Short(string? digest) => digest is null ? null : CudaImages.Model.Digests.Short(digest);

    /// <summary>The publisher's progress lines go through the build log, which masks secrets.</summary>
    sealed class LogWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value) => Log.Information(value ?? "");
    }
}
