using System.Globalization;
using System.Xml.Linq;
using CudaImages.Smoke;

namespace CudaImages.Tests.Smoke;

public sealed class SmokeReportsTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("smoke-reports-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly IReadOnlyList<SmokeResult> Results =
    [
        Result("12.4.1-base-debian13", "cudart-present", SmokeStatus.Passed, null, 0.25),
        Result("12.4.1-base-debian13", "no-driver-libraries", SmokeStatus.Failed, "libcuda.so.1 found in /usr/lib", 0.5),
        Result("12.4.1-devel-debian13", "kernel", SmokeStatus.NotRun, "no GPU", 1.125),
        Result("12.4.1-devel-debian13", "nvcc-version", SmokeStatus.Passed, null, 2),
    ];

    static SmokeResult Result(string image, string check, SmokeStatus status, string? reason, double seconds) =>
        new(image, check, status, reason, seconds, status == SmokeStatus.Failed ? "\u001b[31m" + reason : null, SmokeHost.CpuOnly,
            ImageIdOf(image));

    // A well-formed image ID of its own for each image.
    static string ImageIdOf(string image) => "sha256:" + CudaImages.Planning.InputHash.Sha256(image);

    XDocument WrittenJUnit()
    {
        var path = Path.Combine(folder, "junit", "smoke.xml");
        JUnitReport.Write(path, Results);
        return XDocument.Load(path);
    }

    static string Attr(XElement e, string name) => e.Attribute(name)!.Value;

    [Fact]
    public void JUnit_counts_tests_failures_and_skipped_per_image_and_in_total()
    {
        var root = WrittenJUnit().Root!;

        root.Name.LocalName.ShouldBe("testsuites");
        (Attr(root, "tests"), Attr(root, "failures"), Attr(root, "skipped")).ShouldBe(("4", "1", "1"));
        root.Elements("testsuite").Select(s => (Attr(s, "name"), Attr(s, "tests"), Attr(s, "failures"), Attr(s, "skipped"))).ShouldBe(
        [
            ("12.4.1-base-debian13", "2", "1", "0"),
            ("12.4.1-devel-debian13", "2", "0", "1"),
        ]);
    }

    [Fact]
    public void JUnit_failure_and_skip_carry_their_reason()
    {
        var cases = WrittenJUnit().Descendants("testcase").ToDictionary(c => Attr(c, "name"));

        Attr(cases["no-driver-libraries"].Element("failure")!, "message").ShouldBe("libcuda.so.1 found in /usr/lib");
        Attr(cases["kernel"].Element("skipped")!, "message").ShouldBe("no GPU");
        cases["nvcc-version"].HasElements.ShouldBeFalse();
    }

    [Fact]
    public void JUnit_times_use_the_invariant_culture_whatever_the_current_one()
    {
        var previous = CultureInfo.CurrentCulture;
        // A comma decimal separator like de-DE; built by hand because hosts may run in globalization-invariant mode.
        var commaDecimals = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaDecimals.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo.CurrentCulture = commaDecimals;
        try
        {
            var root = WrittenJUnit().Root!;
            Attr(root, "time").ShouldBe("3.875");
            root.Descendants("testcase").Select(c => Attr(c, "time")).ShouldBe(["0.250", "0.500", "1.125", "2.000"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Results_file_reads_back_what_was_written()
    {
        var path = Path.Combine(folder, SmokeResultsFile.RelativePath);
        var written = SmokeResultsFile.From(SmokeHost.WithoutGpu, Results);

        written.Write(path);
        var read = SmokeResultsFile.Read(path);

        (read.SchemaVersion, read.Host).ShouldBe((SmokeResultsFile.CurrentSchema, "CPU-only host"));
        read.Results.ShouldBe(Results);
        File.ReadAllText(path).ShouldContain("\"status\": \"NotRun\"");
    }

    [Fact]
    public void Results_file_keeps_the_image_id_each_check_ran_on()
    {
        var path = Path.Combine(folder, SmokeResultsFile.RelativePath);

        SmokeResultsFile.From(SmokeHost.WithoutGpu, Results).Write(path);
        var read = SmokeResultsFile.Read(path);

        read.Results.Select(r => (r.Image, r.ImageId)).ShouldBe(Results.Select(r => (r.Image, r.ImageId)));
        read.Results.ShouldAllBe(r => r.ImageId!.StartsWith("sha256:"));
    }

    [Fact]
    public void Report_fixture_results_file_is_exactly_what_the_writer_writes()
    {
        var fixture = Path.Combine(TestPaths.Fixture("report"), SmokeResultsFile.RelativePath);
        var rewritten = Path.Combine(folder, SmokeResultsFile.RelativePath);

        SmokeResultsFile.Read(fixture).Write(rewritten);

        File.ReadAllText(rewritten).ShouldBe(File.ReadAllText(fixture));
    }

    [Fact]
    public void Report_fixture_results_name_the_image_build_json_says_was_built()
    {
        var built = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Fixture("report"), "build.json")))
            .RootElement.GetProperty("images").EnumerateArray()
            .ToDictionary(i => i.GetProperty("tag").GetString()!, i => i.GetProperty("imageId").GetString());

        var results = SmokeResultsFile.Read(Path.Combine(TestPaths.Fixture("report"), SmokeResultsFile.RelativePath)).Results;

        results.ShouldAllBe(r => r.ImageId != null && r.ImageId == built[r.Image]);
    }

    [Fact]
    public void Missing_results_file_says_which_target_to_run() =>
        Should.Throw<FileNotFoundException>(() => SmokeResultsFile.Read(Path.Combine(folder, "results.json")))
            .Message.ShouldContain("run the SmokeTest target first");
}
