using System.IO.Compression;
using CudaImages.Sizes;

namespace CudaImages.Tests.Sizes;

public class LayerTarTests
{
    static Task<LayerContents> Read(byte[] tar) => LayerTar.ReadAsync(new EngineLikeStream(tar), CancellationToken.None);

    [Fact]
    public async Task Diff_id_is_the_sha256_of_the_whole_uncompressed_layer_tar()
    {
        var tar = new LayerTarBuilder().Directory("usr/").File("usr/bin/tool", 5000).Build();

        var layer = await Read(tar);

        layer.DiffId.ShouldBe(Synthetic.DiffId(tar));
        layer.TarBytes.ShouldBe(tar.Length);
    }

    [Fact]
    public async Task Largest_files_are_the_ten_biggest_regular_files_the_layer_adds_biggest_first()
    {
        var builder = new LayerTarBuilder().Directory("usr/").Directory("usr/lib/");
        for (var i = 1; i <= 12; i++)
            builder.File($"usr/lib/lib{i}.so", i * 1000);
        builder.Symlink("usr/lib/libbig.so", "lib12.so").HardLink("usr/lib/libsame.so", "usr/lib/lib12.so");

        var layer = await Read(builder.Build());

        layer.LargestFiles.Select(f => f.Path).ShouldBe([.. Enumerable.Range(3, 10).Reverse().Select(i => $"/usr/lib/lib{i}.so")]);
        layer.LargestFiles[0].Bytes.ShouldBe(12_000);
    }

    [Fact]
    public async Task Whiteouts_mark_deletions_and_are_not_files_the_layer_adds()
    {
        // Whiteouts are empty in real layers; these carry data so that counting them would show.
        var tar = new LayerTarBuilder()
            .File("etc/.wh.old.conf", 90_000)
            .File("var/cache/apt/.wh..wh..opq", 80_000)
            .File("etc/new.conf", 10)
            .Build();

        var layer = await Read(tar);

        layer.LargestFiles.ShouldHaveSingleItem().ShouldBe(new FileSize("/etc/new.conf", 10));
    }

    [Fact]
    public async Task Paths_are_absolute_whichever_way_the_tar_names_them()
    {
        var tar = new LayerTarBuilder().File("./opt/a", 3).File("opt/b", 2).File("/.bashrc", 1).Build();

        var layer = await Read(tar);

        layer.LargestFiles.Select(f => f.Path).ShouldBe(["/opt/a", "/opt/b", "/.bashrc"]);
    }

    [Fact]
    public async Task A_layer_with_a_dpkg_status_carries_its_installed_packages()
    {
        var tar = new LayerTarBuilder().DpkgStatus(Synthetic.Status(("libcublas11", "11.11.3.6~11.8.0-5~deb12u1", 600_000))).Build();

        var layer = await Read(tar);

        var package = layer.DpkgStatus.ShouldNotBeNull().ShouldHaveSingleItem().Value;
        package.Name.ShouldBe("libcublas11");
        package.InstalledBytes.ShouldBe(600_000L * 1024);
    }

    [Fact]
    public async Task A_layer_without_a_dpkg_status_has_none() =>
        (await Read(new LayerTarBuilder().File("app/main", 100).Build())).DpkgStatus.ShouldBeNull();

    [Fact]
    public async Task Compressed_size_estimate_is_close_to_gzip_at_the_default_level_of_the_whole_tar()
    {
        // Large enough that only every fourth MiB is compressed, mixed so that the sample matters.
        var builder = new LayerTarBuilder();
        for (var i = 0; i < 6; i++)
            builder.File($"lib/text{i}.so", 1_500_000).File($"lib/random{i}.so", 700_000, random: true);
        var tar = builder.Build();
        var whole = new MemoryStream();
        using (var gzip = new GZipStream(whole, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(tar);

        var layer = await Read(tar);

        ((double)layer.CompressedBytes / whole.Length).ShouldBeInRange(0.95, 1.05);
        layer.StoredCompressed.ShouldBeFalse();
    }

    [Fact]
    public async Task Random_content_is_estimated_at_about_its_own_size()
    {
        var tar = new LayerTarBuilder().File("blob.bin", 3_000_000, random: true).Build();

        var layer = await Read(tar);

        ((double)layer.CompressedBytes / tar.Length).ShouldBeInRange(0.99, 1.01);
    }

    [Fact]
    public async Task A_gzip_compressed_layer_has_the_diff_id_of_its_tar_and_the_size_of_its_blob()
    {
        var tar = new LayerTarBuilder().File("usr/lib/libcudart.so.11.0", 200_000).Build();
        var blob = Synthetic.Gzip(tar);

        var layer = await LayerTar.ReadCompressedAsync(new EngineLikeStream(blob), blob.Length, CancellationToken.None);

        layer.DiffId.ShouldBe(Synthetic.DiffId(tar));
        layer.CompressedBytes.ShouldBe(blob.Length);
        layer.StoredCompressed.ShouldBeTrue();
        layer.LargestFiles.ShouldHaveSingleItem().Path.ShouldBe("/usr/lib/libcudart.so.11.0");
    }
}
