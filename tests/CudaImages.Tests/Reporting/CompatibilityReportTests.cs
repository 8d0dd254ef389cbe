using System.Text.Json;
using CudaImages.Artifacts;
using CudaImages.Loading;
using CudaImages.Reporting;
using CudaImages.Sizes;
using CudaImages.Smoke;

namespace CudaImages.Tests.Reporting;

public class CompatibilityReportTests
{
    static readonly ReportFile Full = ReportFixture.With(ReportFixture.Everything);

    static ReportImage Image(ReportFile report, string tag) => report.Find(tag) ?? throw new ShouldAssertException($"{tag} is not in the report");

    [Fact]
    public void Images_come_in_plan_order_with_tags_aliases_and_the_release_facts_of_images()
    {
        Full.Images.Select(i => i.Tag).ShouldBe(ReportFixture.Plan.Images.Select(i => i.Tag));
        Full.Images.Select(i => i.Cuda).Distinct().ShouldBe(["11.8.0", "12.4.1"]);

        var devel = Image(Full, "12.4.1-devel-debian13");
        devel.Aliases.ShouldBe(["12.4-devel-debian13", "12-devel-debian13"]);
        (devel.Distro, devel.Flavor, devel.Parent).ShouldBe(("debian13", "devel", "12.4.1-runtime-debian13"));
        (devel.MinimumDriver, devel.CompatibilityDriver).ShouldBe(("550.54.15", "525.60.13"));
        devel.Architectures.ShouldNotContain("sm_35");
        Image(Full, "11.8.0-base-debian12").Architectures.ShouldContain("sm_35");
        devel.PtxArchitectures.ShouldBe(["sm_90"]);
        devel.RequireCuda.ShouldNotBeNull().ShouldStartWith("cuda>=12.4");
        (Image(Full, "11.8.0-pycuda-debian12").Framework, Image(Full, "11.8.0-pycuda-debian12").FrameworkVersion).ShouldBe(("PyCUDA", "2022.2.2"));
        Image(Full, "12.4.1-pycuda-debian13").FrameworkVersion.ShouldBe("2025.1.1");
        Image(Full, "11.8.0-base-debian12").EndOfLife.ShouldBeTrue();
        Image(Full, "12.4.1-base-debian13").EndOfLife.ShouldBeFalse();
    }

    [Fact]
    public void Smoke_checks_keep_status_reason_and_where_they_ran()
    {
        var devel = Image(Full, "12.4.1-devel-debian13");
        devel.Checks.Select(c => c.Name).ShouldBe(["env", "cuda-libs", "no-driver-in-image", "nvcc", "layout", "cmake"]);
        var nvcc = devel.Checks.Single(c => c.Name == "nvcc");
        (nvcc.Status, nvcc.Where).ShouldBe((ReportCheck.Failed, "CPU-only host"));
        nvcc.Reason.ShouldNotBeNull().ShouldContain("Unsupported gpu architecture");

        var kernel = Image(Full, "11.8.0-runtime-debian12").Checks.Single(c => c.Name == "kernel");
        (kernel.Status, kernel.Reason).ShouldBe((ReportCheck.NotRun, "no GPU"));
        Image(Full, "11.8.0-base-debian12").Checks.ShouldAllBe(c => c.Status == ReportCheck.Passed && c.Where == "CPU-only host");
        Full.SmokeHost.ShouldBe("CPU-only host");
        Full.Sources.Single(s => s.Name == "smoke").Summary.ShouldBe("30 passed, 2 failed, 6 not run, on CPU-only host");
    }

    [Fact]
    public void Without_smoke_results_every_check_is_not_run_for_that_reason_and_ran_nowhere()
    {
        var report = ReportFixture.With(ReportFixture.Build);

        report.Images.SelectMany(i => i.Checks).ShouldAllBe(c =>
            c.Status == ReportCheck.NotRun && c.Reason == CompatibilityReport.NoSmokeResults && c.Where == null);
        report.SmokeHost.ShouldBeNull();
        report.Sources.Single(s => s.Name == "smoke").ShouldBe(new ReportSource("smoke", "smoke/results.json", false, "not run: no smoke results"));
        ReportText.SmokeSummary(report.Images[0]).ShouldBe("not run: no smoke results");
    }

    [Fact]
    public void A_declared_check_missing_from_the_results_is_not_run_not_passed()
    {
        var results = SmokeResultsFile.Read(Path.Combine(TestPaths.Fixture("report"), ReportFixture.Smoke));
        var without = results with { Results = results.Results.Where(r => !(r.Image == "11.8.0-base-debian12" && r.Check == "env")).ToList() };

        var report = CompatibilityReport.From(ReportFixture.Plan, new ReportInputs(null, without, null, null), "rev", ReportFixture.GeneratedAt);

        Image(report, "11.8.0-base-debian12").Checks[0].ShouldBe(new ReportCheck("env", ReportCheck.NotRun, CompatibilityReport.NotInSmokeResults, null));
    }

    [Fact]
    public void Where_a_check_ran_names_the_gpu_and_driver_on_a_gpu_host()
    {
        var host = new SmokeHost([new Gpu("NVIDIA H200", CudaImages.Model.DriverVersion.Parse("570.172.08"), "9.0", 143771)]);
        var results = SmokeResultsFile.From(host, [SmokeResult.FromRun("12.4.1-runtime-debian13", "kernel", 0, "ok", 1.5, host)]);

        var report = CompatibilityReport.From(ReportFixture.Plan, new ReportInputs(null, results, null, null), "rev", ReportFixture.GeneratedAt);

        var kernel = Image(report, "12.4.1-runtime-debian13").Checks.Single(c => c.Name == "kernel");
        (kernel.Status, kernel.Where).ShouldBe((ReportCheck.Passed, "NVIDIA H200, driver 570.172.08"));
        report.SmokeHost.ShouldBe("NVIDIA H200, driver 570.172.08");
    }

    [Fact]
    public void Driver_grid_has_every_reported_branch_judged_by_the_release_of_the_image()
    {
        Full.DriverBranches.ShouldBe([470, 525, 535, 545, 550, 560, 570, 575, 580]);
        Image(Full, "12.4.1-base-debian13").Drivers.Select(d => d.Support).ShouldBe(
        [
            DriverSupportCell.NotSupported, DriverSupportCell.MinorVersionCompatibility, DriverSupportCell.MinorVersionCompatibility,
            DriverSupportCell.MinorVersionCompatibility, DriverSupportCell.Full, DriverSupportCell.Full, DriverSupportCell.Full,
            DriverSupportCell.Full, DriverSupportCell.Full,
        ]);
        var cuda118 = Image(Full, "11.8.0-devel-debian12");
        cuda118.Drivers.Select(d => d.Support).ShouldBe([DriverSupportCell.MinorVersionCompatibility, .. Enumerable.Repeat(DriverSupportCell.Full, 8)]);
        var release = ReportFixture.Plan.Find("11.8.0-devel-debian12")!.Cuda;
        cuda118.Drivers[0].Explanation.ShouldBe(DriverSupport.ForBranch(470, release).Explanation);
        cuda118.Drivers[0].Explanation.ShouldContain("no JIT of PTX newer than the driver");
    }

    [Fact]
    public void Sizes_come_from_sizes_json_and_compressed_sizes_from_the_registry_once_published()
    {
        var devel118 = Image(Full, "11.8.0-devel-debian12");
        (devel118.SizeBytes, devel118.AddedBytes, devel118.BudgetBytes).ShouldBe((5723150948L, 5723150948L - 2123141590L, 7_000_000_000L));
        (devel118.CompressedBytes, devel118.CompressedSource, devel118.CompressedMethod).ShouldBe(((long)(5723150948 * 0.39), "registry", null));

        var devel124 = Image(Full, "12.4.1-devel-debian13");
        (devel124.CompressedBytes, devel124.CompressedSource, devel124.CompressedMethod)
            .ShouldBe(((long)(5635320643 * 0.41), "estimate", "gzip -1 of each layer tar"));

        var unmeasured = Image(Full, "12.4.1-pycuda-debian13");
        (unmeasured.SizeBytes, unmeasured.CompressedBytes, unmeasured.AddedBytes).ShouldBe((null, null, null));
        ReportText.SizeText(unmeasured.SizeBytes).ShouldBe("not measured");
        Full.SizesMeasuredAt.ShouldBe(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        Full.Sources.Single(s => s.Name == "sizes").Summary.ShouldBe("7 of 8 images measured");
    }

    [Fact]
    public void Without_sizes_and_publish_the_report_says_not_measured_and_not_published()
    {
        var report = ReportFixture.With(ReportFixture.Build, ReportFixture.Smoke);

        report.Images.ShouldAllBe(i => i.SizeBytes == null && i.CompressedBytes == null && i.Digest == null && i.PublishedReference == null);
        report.Registry.ShouldBeNull();
        report.SizesMeasuredAt.ShouldBeNull();
        report.Sources.Where(s => !s.Found).Select(s => s.Summary).ShouldBe(["not measured", "not published", "no SBOMs"]);
        ReportText.CompressedText(report.Images[0]).ShouldBe("not measured");
    }

    [Fact]
    public void Identity_is_the_registry_digest_once_published_else_the_local_image_id_labelled_as_such()
    {
        var published = Image(Full, "11.8.0-base-debian12");
        published.Digest.ShouldNotBeNull().ShouldStartWith("sha256:");
        published.PublishedReference.ShouldBe("localhost:5000/cuda:11.8.0-base-debian12");
        ReportText.Identity(published).ShouldBe(("registry digest", published.Digest));
        Full.Registry.ShouldBe("localhost:5000/cuda");

        var local = Image(Full, "12.4.1-base-debian13");
        local.Digest.ShouldBeNull();
        local.ImageId.ShouldBe("sha256:c9322240a9f138fb6ca17bf324fca96b551cbec6f0d74b9b5234f8ee12c5a6d9");
        ReportText.Identity(local).ShouldBe(("local image ID", local.ImageId!));
        ReportText.RunReference(local).ShouldBe("cuda:12.4.1-base-debian13");
        local.BuildStatus.ShouldBe("built");
    }

    [Fact]
    public void Without_any_result_nothing_is_invented()
    {
        var report = ReportFixture.With();

        report.Images.ShouldAllBe(i => i.ImageId == null && i.Digest == null && i.SizeBytes == null && i.BuildStatus == null && i.Notes.Count == 0);
        report.Sources.ShouldAllBe(s => !s.Found);
        report.Sources.Select(s => s.Summary).ShouldBe(["no build results: image IDs unknown", "not run: no smoke results", "not measured", "not published", "no SBOMs"]);
    }

    [Theory]
    [InlineData("localhost:5000/cuda", "localhost:5000/cuda", "localhost:5000/cuda:12.4.1-base-debian13")] // as Publish writes it
    [InlineData("localhost:5000", "localhost:5000/cuda", "localhost:5000/cuda:12.4.1-base-debian13")]
    [InlineData("ghcr.io", "acme/cuda", "ghcr.io/acme/cuda:12.4.1-base-debian13")]
    [InlineData("ghcr.io/", "ghcr.io/acme/cuda", "ghcr.io/acme/cuda:12.4.1-base-debian13")]
    public void Published_reference_has_the_registry_once(string registry, string repository, string expected) =>
        CompatibilityReport.PublishedReference(registry, repository, "12.4.1-base-debian13").ShouldBe(expected);

    [Fact]
    public void A_size_measured_on_another_build_is_flagged_not_silently_shown()
    {
        using var fixture = new ReportFixture(ReportFixture.Build, ReportFixture.Sizes);
        var sizes = Path.Combine(fixture.Artifacts, ReportFixture.Sizes);
        File.WriteAllText(sizes, File.ReadAllText(sizes).Replace(
            "sha256:ea8aef4c01a407ec0140fd7eccd25c41304713c504ac6d353f5aac18c2ee5a59", "sha256:0000aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666777788889999"));

        Image(fixture.Report(), "11.8.0-base-debian12").Notes
            .ShouldBe(["size measured on image 0000aaaa1111, not on ea8aef4c01a4 built last: run MeasureSizes again"]);
    }

    [Fact]
    public void Security_versions_are_the_versions_the_lock_takes_from_the_security_suite()
    {
        Image(Full, "11.8.0-devel-debian12").SecurityVersions["libbrotli1"].ShouldBe("1.0.9-2+deb12u1");
        Image(Full, "11.8.0-base-debian12").SecurityVersions.ShouldNotContainKey("libbrotli1");
    }

    [Fact]
    public void Compared_with_the_previous_report_an_unmeasured_image_of_the_same_digest_keeps_its_package_set_and_has_no_changes()
    {
        const string Tag = "11.8.0-base-debian12";
        var packages = new Dictionary<string, string> { ["libcudart11.0:amd64"] = "11.8.89~11.8.0-5~deb12u1" };
        var previous = Full with { Images = [.. Full.Images.Select(i => i.Tag == Tag ? i with { InstalledPackages = packages } : i)] };

        var compared = CompatibilityReport.ComparedWith(Full, previous);

        Image(compared, Tag).InstalledPackages.ShouldBe(packages);
        Image(compared, Tag).PackageChanges.ShouldNotBeNull().ShouldBeEmpty();
    }

    [Fact]
    public void Compared_with_the_previous_report_a_rebuilt_image_lists_its_package_changes()
    {
        const string Tag = "12.4.1-base-debian13";
        var previous = Full with { Images = [.. Full.Images.Select(i => i.Tag == Tag ? i with { InstalledPackages = new Dictionary<string, string> { ["libcudart12:amd64"] = "12.4.99-1" } } : i)] };
        var current = Full with { Images = [.. Full.Images.Select(i => i.Tag == Tag ? i with { InstalledPackages = new Dictionary<string, string> { ["libcudart12:amd64"] = "12.4.127~12.4.1-2" } } : i)] };

        var compared = CompatibilityReport.ComparedWith(current, previous);

        Image(compared, Tag).PackageChanges.ShouldNotBeNull().Select(c => c.ToString()).ShouldBe(["libcudart12:amd64 12.4.99-1 → 12.4.127~12.4.1-2"]);
    }

    [Fact]
    public void Report_json_reads_back_with_its_schema_version()
    {
        using var fixture = new ReportFixture(ReportFixture.Everything);
        var report = fixture.Report();
        var folder = Path.Combine(fixture.Artifacts, "report");

        ReportFiles.Write(folder, report);
        var read = ReportFile.Read(Path.Combine(fixture.Artifacts, ReportFile.RelativePath));

        read.SchemaVersion.ShouldBe(ReportFile.CurrentSchema);
        JsonSerializer.Serialize(read, ArtifactFile.Json).ShouldBe(JsonSerializer.Serialize(report, ArtifactFile.Json));
        File.ReadAllText(Path.Combine(folder, "report.json")).ShouldContain("\"support\": \"MinorVersionCompatibility\"");
        Directory.EnumerateFiles(folder).Select(Path.GetFileName).ShouldBe(["index.html", "report.json", "report.md"], ignoreOrder: true);
    }

    [Fact]
    public void An_unreadable_sizes_file_is_bad_input_that_names_the_file_and_the_target_to_rerun()
    {
        using var fixture = new ReportFixture(ReportFixture.Build);
        File.WriteAllText(Path.Combine(fixture.Artifacts, SizesFile.RelativePath), "{ not json");

        var error = Should.Throw<InputException>(() => ReportInputs.Read(fixture.Artifacts));

        error.Message.ShouldContain("sizes.json");
        error.Message.ShouldContain("MeasureSizes");
    }
}
