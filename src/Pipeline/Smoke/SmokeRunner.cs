using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Smoke;

/// <summary>
/// Runs each planned image's declared smoke checks (images/flavors.yaml, <c>smoke:</c>) on the engine. The nvcc checks
/// run first, so that every image's kernel check finds the vector_add its devel sibling compiled; results come back
/// in plan order, checks in declared order. <paramref name="smokeSources"/> is images/smoke; <paramref name="checks"/>
/// is <see cref="SmokeCheckRegistry.Default"/> unless given.
/// </summary>
public sealed class SmokeRunner(IDockerEngine engine, SmokeHost host, string workDirectory, GpuRequest? gpus, string? runtime,
    string smokeSources, SmokeCheckRegistry? checks = null)
{
    readonly SmokeCheckRegistry registry = checks ?? SmokeCheckRegistry.Default;

    const string Nvcc = "nvcc";

    /// <summary>build.json's records: an image found current in the registry and not pulled is not checked again here.</summary>
    public IReadOnlyList<ImageBuildRecord> Built { get; init; } = [];

    public async Task<IReadOnlyList<SmokeResult>> RunAsync(IReadOnlyList<ImageSpec> images, CancellationToken cancellationToken)
    {
        var present = new Dictionary<string, string>();
        foreach (var image in images)
            if (await engine.InspectImageAsync(image.Reference, cancellationToken) is { } inspected)
                present[image.Reference] = inspected.Id;

        var compiled = new Dictionary<string, SmokeResult>();
        foreach (var image in images.Where(i => present.ContainsKey(i.Reference) && i.SmokeChecks.Contains(Nvcc)))
            compiled[image.Reference] = await RunCheckAsync(image, Nvcc, cancellationToken);

        var results = new List<SmokeResult>();
        foreach (var image in images)
            foreach (var check in image.SmokeChecks)
                results.Add(!present.TryGetValue(image.Reference, out var id) ? Absent(image, check)
                    : (check == Nvcc ? compiled[image.Reference] : await RunCheckAsync(image, check, cancellationToken)) with { ImageId = id });
        return results;
    }

    // Pulling every unchanged image only to check it again would make the registry no cache: it passed when it was published.
    SmokeResult Absent(ImageSpec image, string check) =>
        Built.FirstOrDefault(r => r.Tag == image.Tag && r.Status == ImageBuildStatus.CurrentInRegistry) is { } current
            ? SmokeResult.NotRun(image.Tag, check, $"{NotRunReason.CurrentInRegistry} as {current.RegistryDigest}: not rebuilt, not pulled; its checks passed when it was published", host)
                with
            { ImageId = current.ImageId }
            : SmokeResult.NotRun(image.Tag, check, NotRunReason.ImageMissing, host);

    string? Unsupported(ImageSpec image)
    {
        var support = DriverSupport.For(host.Gpus[0].Driver, image.Cuda);
        return support.Level == DriverSupportLevel.NotSupported ? support.Explanation : null;
    }

    async Task<SmokeResult> RunCheckAsync(ImageSpec image, string name, CancellationToken cancellationToken)
    {
        // Another platform's image runs under qemu, which cannot reach this host's GPU driver: its GPU checks say not run,
        // and run on a GPU runner of that platform.
        var context = image.Platform == Model.Platform.Host
            ? new SmokeContext(image, engine, host, gpus, runtime, workDirectory, smokeSources)
            : new SmokeContext(image, engine, SmokeHost.WithoutGpu, null, null, workDirectory, smokeSources);
        var check = registry.Find(name);
        if (check is null)
            return context.Failed(name, $"unknown smoke check '{name}' in images/flavors.yaml; known: {string.Join(", ", registry.Catalogue.Names)}", null, 0);
        // Our own sentence instead of the Container Toolkit's cryptic refusal of an image the driver cannot run.
        if (context.Host.HasGpu && check.Descriptor.NeedsGpu && Unsupported(image) is { } why)
            return context.Failed(name, why, null, 0);
        try
        {
            return await check.RunAsync(context, cancellationToken);
        }
        catch (EngineRequestException e)
        {
            return context.Failed(name, e.Message, null, 0);
        }
    }
}
