using System.Diagnostics;
using System.Reflection;
using CudaImages.BuildEngine;
using CudaImages.Docker;
using CudaImages.Sboms;

partial class Build
{
    Target Sbom => _ => _
        .Description("Write an SPDX 2.3 and a CycloneDX 1.6 SBOM per built image to artifacts/sbom/ (every dpkg package, Python distribution, licence, layer), from the same image save as MeasureSizes")
        .DependsOn(Plan)
        .After(BuildImages, SmokeTest) // before Publish, which attaches the SBOMs; MeasureSizes (after Publish) reuses the same image save
        .Executes(async () =>
        {
            var (engine, _) = await EngineConnection.ConnectAsync(Log.Warning, CancellationToken);
            using var _engine = engine;
            var clock = Stopwatch.StartNew();
            var sboms = await new SbomWriter(engine, ImageSave, Tool).WriteAsync(ImageToDescribe.From(BuildPlan), ArtifactsDirectory, DateTimeOffset.UtcNow, CancellationToken,
                NotPulled("its SBOMs were attached when it was published"));
            foreach (var image in sboms.Images)
                Log.Information($"{image.Tag}: {image.DebianPackages} Debian packages, {image.PythonPackages} Python distributions, " +
                                $"{image.NonFree.Count} non-free (image {CudaImages.Model.Digests.Hex12(image.ImageId)})");
            foreach (var missing in sboms.NotWritten)
                Log.Warning($"{missing.Tag}: {missing.Reason}");
            Log.Information($"{sboms.Images.Count} SBOM pairs in {clock.Elapsed.TotalSeconds:0.0} s; wrote {ArtifactsDirectory / SbomsFile.Folder}");
        });

    static string Tool => "CudaImages " + (typeof(SbomWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
}
