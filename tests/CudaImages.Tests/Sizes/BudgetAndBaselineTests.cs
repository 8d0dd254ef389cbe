using CudaImages.Loading;
using CudaImages.Sizes;

namespace CudaImages.Tests.Sizes;

public sealed class BudgetAndBaselineTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("cudaimages-sizes-").FullName;

    static ImageSize Image(string tag, long bytes, long? budget = null) =>
        new(tag, $"cuda:{tag}", $"sha256:{tag}", tag.Split('-')[1], "11.8.0", "debian12", null, bytes, bytes / 2,
            new CompressedSize(bytes / 3, CompressedSource.Estimate, SizeMeasurer.EstimateMethod), budget,
            [new LayerSize("sha256:l", bytes, "RUN x", false, [], bytes / 3, [new FileSize("/usr/lib/x.so", 10)], [new PackageSize("x", "1", 20)])]);

    static SizesFile Sizes(params ImageSize[] images) => new(SizesFile.CurrentSchema, DateTimeOffset.Parse("2026-11-01T10:00:00Z"), images);

    [Fact]
    public void An_image_above_its_budget_is_named_with_its_budget_and_overshoot_in_one_line()
    {
        var over = SizeBudgets.Exceeded([Image("11.8.0-devel-debian12", 6_720_000_000, budget: 6_500_000_000)]).ShouldHaveSingleItem();

        over.OverBytes.ShouldBe(220_000_000);
        over.ToString().ShouldBe("11.8.0-devel-debian12 is 6.72 GB, 220.0 MB over its size budget of 6.50 GB");
    }

    [Fact]
    public void An_image_at_its_budget_or_without_one_is_not_over() =>
        SizeBudgets.Exceeded([Image("11.8.0-base-debian12", 200_000_000, budget: 200_000_000), Image("11.8.0-runtime-debian12", 9_000_000_000)])
            .ShouldBeEmpty();

    [Fact]
    public void Deltas_are_in_MB_and_percent_and_growth_beyond_the_threshold_is_flagged()
    {
        var baseline = Sizes(Image("11.8.0-base-debian12", 100_000_000), Image("11.8.0-runtime-debian12", 2_000_000_000));
        var now = Sizes(Image("11.8.0-base-debian12", 106_000_000), Image("11.8.0-runtime-debian12", 1_900_000_000));

        var comparison = SizeBaseline.Compare(baseline, now, thresholdPercent: 5, "old/sizes.json");

        var (grown, shrunk) = (comparison.Images[0], comparison.Images[1]);
        (grown.DeltaMegabytes, grown.DeltaPercentText, grown.Flagged).ShouldBe(("+6.0", "+6.0 %", true));
        (shrunk.DeltaMegabytes, shrunk.DeltaPercentText, shrunk.Flagged).ShouldBe(("-100.0", "-5.0 %", false));
        comparison.Flagged.ShouldHaveSingleItem().Tag.ShouldBe("11.8.0-base-debian12");
    }

    [Fact]
    public void Growth_at_the_threshold_is_not_flagged() =>
        SizeBaseline.Compare(Sizes(Image("11.8.0-base-debian12", 100_000_000)), Sizes(Image("11.8.0-base-debian12", 105_000_000)), 5, "b")
            .Flagged.ShouldBeEmpty();

    [Fact]
    public void Images_only_in_one_of_the_two_are_listed_as_new_or_not_measured_now()
    {
        var baseline = Sizes(Image("11.8.0-base-debian12", 100_000_000), Image("11.8.0-devel-debian12", 5_000_000_000));
        var now = Sizes(Image("11.8.0-base-debian12", 100_000_000), Image("12.4.1-base-debian13", 120_000_000))
            with
        { NotMeasured = [new UnmeasuredImage("11.8.0-devel-debian12", "cuda:11.8.0-devel-debian12", "not built")] };

        var images = SizeBaseline.Compare(baseline, now, 5, "b").Images;

        images.Select(i => (i.Tag, i.Kind)).ShouldBe([
            ("11.8.0-base-debian12", DeltaKind.Compared), ("12.4.1-base-debian13", DeltaKind.New), ("11.8.0-devel-debian12", DeltaKind.Gone)]);
        images[1].Remark.ShouldBe("new: not in the baseline");
        images[2].Remark.ShouldBe("not measured now: not built");
        images[2].DeltaMegabytes.ShouldBeEmpty();
    }

    [Fact]
    public void The_markdown_table_has_a_header_a_separator_and_as_many_cells_in_every_row()
    {
        var comparison = SizeBaseline.Compare(
            Sizes(Image("11.8.0-base-debian12", 100_000_000), Image("11.8.0-devel-debian12", 5_000_000_000)),
            Sizes(Image("11.8.0-base-debian12", 110_000_000), Image("12.4.1-base-debian13", 120_000_000)), 5, "artifacts/old.json");

        var rows = comparison.Markdown().Split('\n').Where(line => line.StartsWith('|')).ToList();

        rows.Count.ShouldBe(2 + 3);
        rows[1].ShouldBe("| --- | ---: | ---: | ---: | ---: | --- |");
        rows.ShouldAllBe(row => row.EndsWith('|') && row.Count(c => c == '|') == 7);
        rows.ShouldContain("| 11.8.0-base-debian12 | 100.0 MB | 110.0 MB | +10.0 | +10.0 % | ⚠️ grew more than the threshold |");
    }

    [Fact]
    public void A_baseline_that_does_not_exist_names_the_parameter_and_the_fix()
    {
        var missing = Path.Combine(folder, "nope.json");

        var error = Should.Throw<InputException>(() => SizeBaseline.Read(missing));

        error.Message.ShouldBe($"--baseline {missing} does not exist: pass the sizes.json of an earlier MeasureSizes run (artifacts/sizes.json), or leave --baseline out");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schemaVersion\": 99, \"images\": []}")]
    [InlineData("{\"schemaVersion\": 1}")]
    public void A_baseline_that_is_not_a_sizes_file_names_the_parameter_and_the_fix(string text)
    {
        var path = Path.Combine(folder, "bad.json");
        File.WriteAllText(path, text);

        var error = Should.Throw<InputException>(() => SizeBaseline.Read(path));

        error.Message.ShouldStartWith($"--baseline {path} cannot be read as a sizes.json (");
        error.Message.ShouldEndWith("pass the sizes.json of an earlier MeasureSizes run, or leave --baseline out");
    }

    [Fact]
    public void Sizes_json_keeps_every_field_across_a_write_and_a_read()
    {
        var path = Path.Combine(folder, SizesFile.RelativePath);
        var written = Sizes(Image("11.8.0-base-debian12", 100_000_000, budget: 200_000_000) with { Notes = ["built on an older debian:12"] })
            with
        { NotMeasured = [new UnmeasuredImage("11.8.0-devel-debian12", "cuda:11.8.0-devel-debian12", "not built")] };

        written.Write(path);
        var read = SizeBaseline.Read(path);

        var image = read.Images.ShouldHaveSingleItem();
        image.Notes.ShouldBe(["built on an older debian:12"]);
        image.Compressed.ShouldBe(written.Images[0].Compressed);
        image.Layers[0].LargestPackages.ShouldBe(written.Images[0].Layers[0].LargestPackages);
        image.Layers[0].LargestFiles.ShouldBe(written.Images[0].Layers[0].LargestFiles);
        read.NotMeasured.ShouldBe(written.NotMeasured);
        File.ReadAllText(path).ShouldContain("\"source\": \"Estimate\"");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
