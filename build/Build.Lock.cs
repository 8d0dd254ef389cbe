using CudaImages.Archive;
using CudaImages.Artifacts;
using CudaImages.BuildEngine;
using CudaImages.Building;
using CudaImages.Docker;

partial class Build
{
    [Parameter("Lock: compare what the archive resolves now with images/locks/ and exit 1 on a difference, instead of writing the files")]
    readonly bool Check;

    Target Lock => _ => _
        .Description("Resolve every package the selected images install against the archive (apt in throw-away containers) and write images/locks/<distro>.lock; --check compares")
        .DependsOn(Load)
        .Executes(async () =>
        {
            var unlocked = CudaImages.Planning.Planner.Plan(LoadedMatrix with { Locks = [] }, Selection, Repository);
            // Another platform's apt runs in its own base image, through qemu.
            Emulation.Require(unlocked.Images.Select(i => i.Platform).Distinct());
            var (engine, _) = await EngineConnection.ConnectAsync(Log.Warning, CancellationToken);
            using var _engine = engine;
            var roots = unlocked.Images.Where(i => i.Parent is null).Select(i => (i.Distro, i.Platform)).ToList();
            foreach (var file in PackageLocks.Unreadable(LoadedMatrix, roots.Select(r => r.Distro)).GroupBy(e => e.File))
                Log.Warning($"{file.First()} ({file.Count()} problem(s) in the file): writing it again from the archive");
            await new CudaImages.Bases.BaseImages(engine, LogsDirectory, Console.Out).EnsureAsync(roots, BaseSource, refresh: false, CancellationToken);

            var resolution = await new PackageLocks(engine).ResolveAsync(LoadedMatrix, Selection, Repository, CancellationToken);
            foreach (var image in resolution.Changes.GroupBy(c => c.Tag))
                Log.Information($"{image.Key}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", image));
            var summary = $"{resolution.Images.Count} images resolved against the archive in {resolution.Duration.TotalSeconds:0.0} s";
            if (Check)
            {
                if (resolution.Changes.Count > 0)
                    throw new Exception($"{summary}: {resolution.Changes.Select(c => c.Tag).Distinct().Count()} would install other packages than images/locks/ says " +
                                        $"({resolution.Changes.Count(c => c.IsSecurityUpdate)} security updates): run ./build.sh Lock and commit the lock");
                Log.Information($"{summary}: all current with images/locks/");
                return;
            }
            foreach (var (file, path) in resolution.Files)
                ArtifactFile.WriteText(path, file.Text());
            Log.Information($"{summary}; {resolution.Changes.Count} package changes; wrote {string.Join(", ", resolution.Files.Select(f => f.File.DisplayPath))}");
        });
}
