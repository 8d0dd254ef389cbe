using CudaImages.Docker;
using CudaImages.Sizes;

namespace CudaImages.Tests.Sizes;

public class SavedImagesTests
{
    static readonly byte[] OsLayer = new LayerTarBuilder().Directory("etc/").File("etc/os-release", 300)
        .DpkgStatus(Synthetic.Status(("libc6", "2.36-9", 12_000))).Build();

    static readonly byte[] CudaLayer = new LayerTarBuilder().File("usr/lib/libcublas.so.11", 400_000)
        .DpkgStatus(Synthetic.Status(("libc6", "2.36-9", 12_000), ("libcublas11", "11.11.3.6", 600_000))).Build();

    static readonly SyntheticImage Base = new([("Imported from -", false), ("ENV CUDA_VERSION=11.8.0", true)], [OsLayer]);

    static readonly SyntheticImage Runtime = new([("Imported from -", false), ("ENV CUDA_VERSION=11.8.0", true), ("RUN apt-get install libcublas11", false)],
        [OsLayer, CudaLayer]);

    // Through the same adapter the engine's stream goes through: asynchronous reads only, no empty reads.
    static Task<SavedImages> Read(byte[] save) => SavedImages.ReadAsync(new SavedImagesStream(new EngineLikeStream(save)), CancellationToken.None);

    [Fact]
    public async Task Legacy_layout_layers_are_found_by_their_diff_id_not_their_folder_name()
    {
        var saved = await Read(Synthetic.LegacySave(Base, Runtime));

        saved.Layers.Keys.ShouldBe([Synthetic.DiffId(OsLayer), Synthetic.DiffId(CudaLayer)], ignoreOrder: true);
        saved.Layers[Synthetic.DiffId(CudaLayer)].LargestFiles.Select(f => f.Path).ShouldContain("/usr/lib/libcublas.so.11");
    }

    [Fact]
    public async Task Legacy_layout_configs_give_the_size_and_which_history_steps_made_no_layer()
    {
        var saved = await Read(Synthetic.LegacySave(Base, Runtime));

        var config = saved.Config(Runtime.Id).ShouldNotBeNull();
        config.Bytes.ShouldBe(Runtime.Config.Length);
        config.EmptyLayer.ShouldBe([false, true, false]);
    }

    [Fact]
    public async Task Oci_layout_layers_and_configs_are_read_from_the_blobs()
    {
        var (save, _) = Synthetic.OciSave(gzipLayers: false, Base, Runtime);

        var saved = await Read(save);

        saved.Layers.Keys.ShouldBe([Synthetic.DiffId(OsLayer), Synthetic.DiffId(CudaLayer)], ignoreOrder: true);
        saved.Layers[Synthetic.DiffId(CudaLayer)].StoredCompressed.ShouldBeFalse();
        saved.Config(Base.Id).ShouldNotBeNull().EmptyLayer.ShouldBe([false, true]);
    }

    [Fact]
    public async Task Oci_layout_with_compressed_layers_gives_diff_ids_of_the_tars_and_the_blob_sizes()
    {
        var (save, manifests) = Synthetic.OciSave(gzipLayers: true, Runtime);

        var saved = await Read(save);

        var cuda = saved.Layers[Synthetic.DiffId(CudaLayer)];
        cuda.StoredCompressed.ShouldBeTrue();
        cuda.CompressedBytes.ShouldBe(Synthetic.Gzip(CudaLayer).Length);
        // With the containerd image store the image ID is the manifest's digest; its config is found through it.
        saved.Config(manifests[0]).ShouldNotBeNull().Bytes.ShouldBe(Runtime.Config.Length);
    }

    [Fact]
    public async Task An_image_that_is_not_in_the_save_has_no_config() =>
        (await Read(Synthetic.LegacySave(Base))).Config(Runtime.Id).ShouldBeNull();

    [Fact]
    public async Task The_engine_stream_adapter_answers_an_empty_read_without_asking_the_engine()
    {
        await using var stream = new SavedImagesStream(new EngineLikeStream([1, 2, 3]));

        (await stream.ReadAsync(Memory<byte>.Empty)).ShouldBe(0);
        var buffer = new byte[8];
        (await stream.ReadAsync(buffer)).ShouldBe(3);
    }
}
