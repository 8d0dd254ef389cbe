using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Planning;
using CudaImages.Sizes;
using CudaImages.Tests.Building;
using CudaImages.Tests.Docker;

namespace CudaImages.Tests.Sizes;

/// <summary>
/// Two tiny images built on the real Docker Engine once for the class: one FROM debian:12 adding a file of known size,
/// and a child of it adding nothing (a label), measured together as MeasureSizes measures a chain. Removed afterwards.
/// </summary>
public sealed class TinyImagesFixture : IAsyncLifetime
{
    public const int KnownFileBytes = 1_234_567;
    const string Prefix = "io.cudaimages";

    readonly DockerEngine engine = DockerEngine.Connect();
    readonly string repository = $"cudaimages-test-sizes/{Guid.NewGuid():N}";

    public ImageSize WithFile { get; private set; } = null!;
    public ImageSize Nothing { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The collection's engine fixture has put debian:12 in the engine.
        var debian = (await engine.InspectImageAsync("debian:12", CancellationToken.None)).ShouldNotBeNull();
        var withFile = await BuildAsync("with-file", debian.Id, $"RUN head -c {KnownFileBytes} /dev/urandom > /known.bin");
        await BuildAsync("nothing", withFile, "LABEL io.cudaimages.test=adds-nothing");

        var measurement = await new SizeMeasurer(engine, Prefix).MeasureAsync([
            new ImageToMeasure("with-file", $"{repository}:with-file", "base", "11.8.0", "debian12", null, "debian:12", null),
            new ImageToMeasure("nothing", $"{repository}:nothing", "runtime", "11.8.0", "debian12", "with-file", $"{repository}:with-file", null),
        ], null, CancellationToken.None);
        measurement.NotMeasured.ShouldBeEmpty();
        (WithFile, Nothing) = (measurement.Images[0], measurement.Images[1]);
    }

    async Task<string> BuildAsync(string tag, string fromId, string instruction)
    {
        // Labelled with the exact parent, as BuildImages labels its images.
        var id = await engine.BuildImageAsync(TestTar.Context($"FROM {fromId}", instruction), new Dictionary<string, string>(),
            new Dictionary<string, string> { [$"{Prefix}.parent-id"] = fromId }, noCache: true, network: null, TextWriter.Null, _ => { }, CancellationToken.None);
        await engine.TagImageAsync(id, $"{repository}:{tag}", CancellationToken.None);
        return id;
    }

    public async Task DisposeAsync()
    {
        // Child first: removing its only tag removes the image, then the parent's can go.
        await engine.RemoveImageAsync($"{repository}:nothing", CancellationToken.None);
        await engine.RemoveImageAsync($"{repository}:with-file", CancellationToken.None);
        engine.Dispose();
    }
}

[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class TinyImageSizesTests(TinyImagesFixture images) : IClassFixture<TinyImagesFixture>
{
    [Fact]
    public void Real_engine_image_adds_exactly_the_bytes_of_the_file_it_writes()
    {
        images.WithFile.AddedBytes.ShouldBe(TinyImagesFixture.KnownFileBytes);
        images.WithFile.Layers.Select(l => l.FromParent).ShouldBe([true, false]);
        images.WithFile.Layers[1].CreatedBy.ShouldContain("/known.bin");
    }

    [Fact]
    public void Real_engine_image_s_largest_added_file_is_the_file_it_writes() =>
        images.WithFile.Layers[1].LargestFiles[0].ShouldBe(new FileSize("/known.bin", TinyImagesFixture.KnownFileBytes));

    [Fact]
    public void Real_engine_child_adding_only_a_label_adds_nothing_and_shares_every_layer()
    {
        images.Nothing.AddedBytes.ShouldBe(0);
        images.Nothing.UncompressedBytes.ShouldBe(images.WithFile.UncompressedBytes);
        images.Nothing.Layers.Select(l => l.DiffId).ShouldBe(images.WithFile.Layers.Select(l => l.DiffId));
        images.Nothing.Layers.ShouldAllBe(l => l.FromParent && l.SharedWith.SequenceEqual(new[] { "with-file" }));
        images.WithFile.Layers.ShouldAllBe(l => l.SharedWith.SequenceEqual(new[] { "nothing" }));
    }

    [Fact]
    public void Real_engine_layers_are_analysed_once_in_the_image_that_adds_them()
    {
        images.Nothing.Layers.ShouldAllBe(l => l.LargestFiles.Count == 0 && l.LargestPackages.Count == 0);
        // The base OS layer is analysed in the image built on it: debian's own packages.
        images.WithFile.Layers[0].LargestPackages.ShouldContain(p => p.Name == "libc6");
    }

    [Fact]
    public void Real_engine_compressed_size_of_random_content_is_an_estimate_of_at_least_its_size()
    {
        var compressed = images.WithFile.Compressed.ShouldNotBeNull();

        compressed.Source.ShouldBe(CompressedSource.Estimate);
        images.WithFile.Layers[1].CompressedBytes.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(TinyImagesFixture.KnownFileBytes);
        compressed.Bytes.ShouldBeLessThan(images.WithFile.UncompressedBytes);
    }
}

/// <summary>The repository's own CUDA 11.8 runtime image (built by the engine fixture when missing, as the other real-image tests do).</summary>
[Collection(EngineCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class RealCudaImageSizesTests(EngineFixture fixture)
{
    [Fact]
    public async Task Real_cuda_runtime_image_s_largest_packages_include_libcublas()
    {
        var (plan, records) = await fixture.BuildRepositoryImagesAsync(new Selection(["11.8"], ["debian12"], ["runtime"], []), "cudaimages-test-cuda");
        records.ShouldAllBe(r => r.Status == ImageBuildStatus.Built || r.Status == ImageBuildStatus.Skipped,
            string.Join("; ", records.Select(r => $"{r.Tag} {r.Status} {r.Note}")));

        var measurement = await new SizeMeasurer(fixture.Engine, "io.cudaimages").MeasureAsync(ImageToMeasure.From(plan), null, CancellationToken.None);

        var runtime = measurement.Images.Single(i => i.Flavor == "runtime");
        var added = runtime.Layers.Where(l => !l.FromParent).SelectMany(l => l.LargestPackages).ToList();
        added.ShouldContain(p => p.Name.StartsWith("libcublas") && p.Bytes > 100_000_000, string.Join(", ", added.Select(p => p.Name)));
        runtime.AddedBytes.ShouldBeGreaterThan(1_000_000_000);
        runtime.Layers.Where(l => l.FromParent).ShouldAllBe(l => l.SharedWith.Contains("11.8.0-base-debian12"));
    }
}
