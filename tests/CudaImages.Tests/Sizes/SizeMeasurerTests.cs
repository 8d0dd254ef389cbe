using CudaImages.Bases;
using CudaImages.Docker;
using CudaImages.Publishing;
using CudaImages.Sizes;
using CudaImages.Tests.Docker;

namespace CudaImages.Tests.Sizes;

/// <summary>The measurement on a small synthetic chain debian:12 → base → runtime, served by an engine that holds it in memory.</summary>
public class SizeMeasurerTests
{
    const string Prefix = "io.cudaimages";

    static readonly byte[] OsLayer = new LayerTarBuilder().File("usr/bin/perl", 30_000)
        .DpkgStatus(Synthetic.Status(("libc6", "2.36-9", 12_000), ("perl-base", "5.36", 7_000))).Build();

    static readonly byte[] CudartLayer = new LayerTarBuilder().File("usr/lib/libcudart.so.11.8.89", 50_000)
        .DpkgStatus(Synthetic.Status(("libc6", "2.36-9", 12_000), ("perl-base", "5.36", 7_000), ("libcudart11.0", "11.8.89", 770))).Build();

    static readonly byte[] CublasLayer = new LayerTarBuilder().File("usr/lib/libcublas.so.11", 400_000).File("usr/lib/libcublasLt.so.11", 300_000)
        .DpkgStatus(Synthetic.Status(("libc6", "2.36-9", 12_000), ("perl-base", "5.36", 7_000), ("libcudart11.0", "11.8.89", 770),
            ("libcublas11", "11.11.3.6", 600_000), ("libcublaslt11", "11.11.3.6", 500_000))).Build();

    static readonly (string, byte[]) Import = ("Imported from -", OsLayer);

    readonly SyntheticEngine engine = new();

    public SizeMeasurerTests()
    {
        var debian = engine.Add("debian:12", null, [Import]);
        var cudaBase = engine.Add("cuda:11.8.0-base-debian12", debian, [Import, ("ENV CUDA_VERSION=11.8.0", null), ("RUN apt-get install libcudart11.0", CudartLayer)]);
        engine.Add("cuda:11.8.0-runtime-debian12", cudaBase, [Import, ("ENV CUDA_VERSION=11.8.0", null), ("RUN apt-get install libcudart11.0", CudartLayer),
            ("LABEL a=b", null), ("RUN apt-get install libcublas11", CublasLayer)]);
    }

    static ImageToMeasure Image(string flavor, string from, long? budget = null) =>
        new($"11.8.0-{flavor}-debian12", $"cuda:11.8.0-{flavor}-debian12", flavor, "11.8.0", "debian12",
            from == "debian:12" ? null : from.Split(':')[1], from, budget);

    static readonly IReadOnlyList<ImageToMeasure> Chain = [Image("base", "debian:12"), Image("runtime", "cuda:11.8.0-base-debian12")];

    Task<SizeMeasurement> Measure(IReadOnlyList<ImageToMeasure>? images = null, PublishFile? published = null) =>
        new SizeMeasurer(engine, Prefix).MeasureAsync(images ?? Chain, published, CancellationToken.None);

    [Fact]
    public async Task Added_bytes_are_the_layers_the_parent_has_not()
    {
        var sizes = (await Measure()).Images;

        sizes[0].AddedBytes.ShouldBe(CudartLayer.Length);
        sizes[1].AddedBytes.ShouldBe(CublasLayer.Length);
        sizes[1].UncompressedBytes.ShouldBe(OsLayer.Length + CudartLayer.Length + CublasLayer.Length);
    }

    [Fact]
    public async Task Each_layer_names_the_instruction_that_made_it_and_whether_the_parent_has_it()
    {
        var runtime = (await Measure()).Images[1];

        runtime.Layers.Select(l => l.CreatedBy).ShouldBe(["Imported from -", "RUN apt-get install libcudart11.0", "RUN apt-get install libcublas11"]);
        runtime.Layers.Select(l => l.FromParent).ShouldBe([true, true, false]);
        runtime.Layers.Select(l => l.Bytes).ShouldBe([OsLayer.Length, CudartLayer.Length, CublasLayer.Length]);
        runtime.Layers.Select(l => l.DiffId).ShouldBe([Synthetic.DiffId(OsLayer), Synthetic.DiffId(CudartLayer), Synthetic.DiffId(CublasLayer)]);
    }

    [Fact]
    public async Task Shared_layers_name_the_other_measured_images_that_have_them()
    {
        var (cudaBase, runtime) = (await Measure()).Images switch { var i => (i[0], i[1]) };

        cudaBase.Layers.Select(l => l.SharedWith).ShouldBe([["11.8.0-runtime-debian12"], ["11.8.0-runtime-debian12"]]);
        runtime.Layers[2].SharedWith.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_layer_installs_the_packages_its_dpkg_status_adds_over_the_layer_below()
    {
        var runtime = (await Measure()).Images[1];

        runtime.Layers[2].LargestPackages.Select(p => (p.Name, p.Bytes)).ShouldBe([("libcublas11", 600_000L * 1024), ("libcublaslt11", 500_000L * 1024)]);
        runtime.Layers[2].LargestFiles.Select(f => f.Path).ShouldBe(["/usr/lib/libcublas.so.11", "/usr/lib/libcublasLt.so.11", "/var/lib/dpkg/status"]);
    }

    [Fact]
    public async Task Each_image_records_its_whole_package_set_from_its_topmost_dpkg_status()
    {
        var (cudaBase, runtime) = (await Measure()).Images switch { var i => (i[0], i[1]) };

        runtime.Packages.ShouldBe(new Dictionary<string, string>
        {
            ["libc6:amd64"] = "2.36-9",
            ["libcublas11:amd64"] = "11.11.3.6",
            ["libcublaslt11:amd64"] = "11.11.3.6",
            ["libcudart11.0:amd64"] = "11.8.89",
            ["perl-base:amd64"] = "5.36",
        });
        cudaBase.Packages!.Keys.ShouldNotContain("libcublas11:amd64");
    }

    [Fact]
    public async Task Layers_of_a_measured_parent_are_analysed_in_the_parent_and_the_base_os_layer_in_the_base_image()
    {
        var (cudaBase, runtime) = (await Measure()).Images switch { var i => (i[0], i[1]) };

        runtime.Layers[0].LargestFiles.ShouldBeEmpty();
        runtime.Layers[1].LargestPackages.ShouldBeEmpty();
        cudaBase.Layers[0].FromParent.ShouldBeTrue();
        cudaBase.Layers[0].LargestPackages.Select(p => p.Name).ShouldBe(["libc6", "perl-base"]);
        cudaBase.Layers[1].LargestPackages.ShouldHaveSingleItem().Name.ShouldBe("libcudart11.0");
    }

    [Fact]
    public async Task Measuring_a_child_alone_analyses_the_layers_of_its_unmeasured_parent_in_it()
    {
        var runtime = (await Measure([Image("runtime", "cuda:11.8.0-base-debian12")])).Images.ShouldHaveSingleItem();

        runtime.AddedBytes.ShouldBe(CublasLayer.Length);
        runtime.Layers[1].LargestPackages.ShouldHaveSingleItem().Name.ShouldBe("libcudart11.0");
        runtime.Layers[0].SharedWith.ShouldBeEmpty();
    }

    [Fact]
    public async Task Compressed_size_before_publishing_is_an_estimate_over_every_layer_and_the_config()
    {
        var runtime = (await Measure()).Images[1];

        var compressed = runtime.Compressed.ShouldNotBeNull();
        compressed.Source.ShouldBe(CompressedSource.Estimate);
        compressed.Method.ShouldBe(SizeMeasurer.EstimateMethod);
        compressed.Bytes.ShouldBe(runtime.Layers.Sum(l => l.CompressedBytes!.Value) + engine.Config("cuda:11.8.0-runtime-debian12").Length);
    }

    [Fact]
    public async Task Compressed_size_of_a_published_image_is_the_registry_s()
    {
        var runtimeId = engine.IdOf("cuda:11.8.0-runtime-debian12");
        var published = new PublishFile(PublishFile.CurrentSchema, "127.0.0.1:5000",
            [new PublishedImage("11.8.0-runtime-debian12", "127.0.0.1:5000/cuda", runtimeId, "sha256:abc", 123_456, [], DateTimeOffset.UnixEpoch)], []);

        var runtime = (await Measure(published: published)).Images[1];

        runtime.Compressed.ShouldBe(new CompressedSize(123_456, CompressedSource.Registry,
            "config and layers of the manifest of 127.0.0.1:5000/cuda:11.8.0-runtime-debian12 (sha256:abc) in the registry"));
    }

    [Fact]
    public async Task A_published_size_of_another_image_id_is_not_used()
    {
        var published = new PublishFile(PublishFile.CurrentSchema, "127.0.0.1:5000",
            [new PublishedImage("11.8.0-runtime-debian12", "127.0.0.1:5000/cuda", "sha256:older", "sha256:abc", 123_456, [], DateTimeOffset.UnixEpoch)], []);

        var measurement = await Measure(published: published);

        measurement.Images[1].Compressed.ShouldNotBeNull().Source.ShouldBe(CompressedSource.Estimate);
        measurement.Warnings.ShouldContain(w => w.StartsWith("11.8.0-runtime-debian12: publish.json has") && w.Contains("compressed size estimated"));
    }

    [Fact]
    public async Task An_image_that_is_not_built_is_listed_as_not_measured_and_the_others_are_measured()
    {
        var measurement = await Measure([.. Chain, Image("devel", "cuda:11.8.0-runtime-debian12")]);

        measurement.Images.Select(i => i.Tag).ShouldBe(["11.8.0-base-debian12", "11.8.0-runtime-debian12"]);
        var devel = measurement.NotMeasured.ShouldHaveSingleItem();
        devel.Tag.ShouldBe("11.8.0-devel-debian12");
        devel.Reason.ShouldBe("not built: cuda:11.8.0-devel-debian12 is not in the engine; run BuildImages");
    }

    [Fact]
    public async Task No_image_built_at_all_says_to_run_BuildImages()
    {
        var error = await Should.ThrowAsync<PrerequisiteException>(() => Measure([Image("devel", "cuda:11.8.0-runtime-debian12")]));

        error.Message.ShouldContain("cuda:11.8.0-devel-debian12");
        error.Message.ShouldContain("BuildImages");
    }

    [Fact]
    public async Task An_image_built_on_an_older_parent_says_so()
    {
        engine.Relabel("cuda:11.8.0-runtime-debian12", "sha256:0123456789abcdef0123");

        var measurement = await Measure();

        measurement.Images[1].Notes.ShouldHaveSingleItem().ShouldStartWith("built on an older cuda:11.8.0-base-debian12 (0123456789ab)");
        measurement.Warnings.ShouldContain(w => w.StartsWith("11.8.0-runtime-debian12: built on an older"));
    }

    [Fact]
    public async Task Budgets_come_with_the_measured_sizes()
    {
        var sizes = (await Measure([Image("base", "debian:12", budget: 10)])).Images;

        sizes[0].BudgetBytes.ShouldBe(10);
        sizes[0].OverBudgetBytes.ShouldBe(sizes[0].UncompressedBytes - 10);
    }
}
