using CudaImages.Loading;
using CudaImages.Releasing;
using CudaImages.Reporting;
using static CudaImages.Tests.Releasing.ReleaseFixtures;

namespace CudaImages.Tests.Releasing;

public class ReleaseNotesTests
{
    static readonly DateTimeOffset Before = new(2026, 10, 29, 4, 31, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Now = new(2026, 11, 5, 4, 17, 0, TimeSpan.Zero);

    static ReleaseChanges Compare(ReportFile? previous, ReportFile current) =>
        ReleaseComparison.Compare(previous, current, previous is null ? null : "release images-2026.10.29");

    [Fact]
    public void First_release_lists_every_image_as_added_and_every_floor_as_new()
    {
        var current = Report(Now, Image("12.4.1", "base"), Image("11.8.0", "base", "debian12"));

        var changes = Compare(null, current);

        changes.Added.Select(i => i.Tag).ShouldBe(["11.8.0-base-debian12", "12.4.1-base-debian13"]);
        changes.Removed.ShouldBeEmpty();
        changes.CudaBumps.ShouldBeEmpty();
        changes.AliasMoves.Where(a => a.From is null).Select(a => a.Alias)
            .ShouldBe(["11.8-base-debian12", "11-base-debian12", "12.4-base-debian13", "12-base-debian13"]);
        changes.DriverFloors.Select(d => $"{d.Subject} {d.Kind} {d.From ?? "new"} {d.To}").ShouldBe(
        [
            "CUDA 11 CompatibilityDriver new 450.80.02",
            "CUDA 12 CompatibilityDriver new 525.60.13",
            "CUDA 11.8 MinimumDriver new 520.61.05",
            "CUDA 12.4 MinimumDriver new 550.54.15",
        ]);
        var notes = ReleaseNotesMarkdown.Render(changes, "images-2026.11.05");
        notes.ShouldContain("First release: there is no previous report, so every image is listed as added.");
        notes.ShouldContain("## Images added (2)");
        notes.ShouldContain("## Images removed\n\nnone\n");
        notes.ShouldContain("## Smoke status changes\n\nnone\n");
    }

    [Fact]
    public void New_patch_of_a_cuda_line_is_a_bump_not_a_removal_and_an_addition()
    {
        var previous = Report(Before, Image("12.4.0", "runtime"));
        var current = Report(Now, Image("12.4.1", "runtime"));

        var changes = Compare(previous, current);

        changes.Added.ShouldBeEmpty();
        changes.Removed.ShouldBeEmpty();
        changes.CudaBumps.ShouldBe([new CudaBump("12.4", "runtime", "debian13", "12.4.0", "12.4.1", "12.4.0-runtime-debian13", "12.4.1-runtime-debian13")]);
        changes.DriverFloors.ShouldBe([new DriverFloorChange("CUDA 12.4", DriverFloorKind.MinimumDriver, "550.54.14", "550.54.15", "CUDA 12.4.0 → 12.4.1")]);
        changes.AliasMoves.Select(a => $"{a.Alias}: {a.From!.Tag} → {a.To!.Tag}")
            .ShouldBe(["12.4-runtime-debian13: 12.4.0-runtime-debian13 → 12.4.1-runtime-debian13", "12-runtime-debian13: 12.4.0-runtime-debian13 → 12.4.1-runtime-debian13"]);
    }

    [Fact]
    public void Images_of_a_new_line_are_added_and_images_no_longer_built_are_removed()
    {
        var previous = Report(Before, Image("12.4.1", "base"), Image("12.4.1", "devel"));
        var current = Report(Now, Image("12.4.1", "base"), Image("13.0.0", "base"));

        var changes = Compare(previous, current);

        changes.Added.Select(i => i.Tag).ShouldBe(["13.0.0-base-debian13"]);
        changes.Removed.Select(i => i.Tag).ShouldBe(["12.4.1-devel-debian13"]);
        changes.AliasMoves.Select(a => $"{a.Alias} {a.From?.Tag ?? "new"} {a.To?.Tag ?? "removed"}").ShouldBe(
        [
            "12.4-devel-debian13 12.4.1-devel-debian13 removed",
            "12-devel-debian13 12.4.1-devel-debian13 removed",
            "13.0-base-debian13 new 13.0.0-base-debian13",
            "13-base-debian13 new 13.0.0-base-debian13",
        ]);
        changes.DriverFloors.Select(d => $"{d.Subject} {d.Kind} {d.Note}").ShouldBe(
            ["CUDA 13 CompatibilityDriver new major", "CUDA 13.0 MinimumDriver new line, CUDA 13.0.0"]);
    }

    [Fact]
    public void Framework_version_change_is_listed_per_image()
    {
        var previous = Report(Before, Image("12.4.1", "pycuda", framework: "PyCUDA", frameworkVersion: "2022.2.2"));
        var current = Report(Now, Image("12.4.1", "pycuda", framework: "PyCUDA", frameworkVersion: "2024.1"));

        Compare(previous, current).FrameworkChanges.ShouldBe([new FrameworkChange("12.4.1-pycuda-debian13", "PyCUDA", "2022.2.2", "2024.1")]);
    }

    [Fact]
    public void Alias_moves_when_its_image_was_rebuilt_with_another_digest_and_stays_when_nothing_changed()
    {
        var previous = Report(Before, Image("12.4.1", "base"), Image("12.4.1", "runtime", digest: Digest("old runtime")));
        var current = Report(Now, Image("12.4.1", "base"), Image("12.4.1", "runtime", digest: Digest("new runtime")));

        var moves = Compare(previous, current).AliasMoves;

        moves.Select(m => m.Alias).ShouldBe(["12.4-runtime-debian13", "12-runtime-debian13"]);
        moves[0].From.ShouldBe(new AliasTarget("12.4.1-runtime-debian13", Digest("old runtime")));
        moves[0].To.ShouldBe(new AliasTarget("12.4.1-runtime-debian13", Digest("new runtime")));
    }

    [Fact]
    public void Size_changes_below_one_megabyte_and_one_percent_are_left_out()
    {
        var previous = Report(Before,
            Image("12.4.1", "base", size: 50_000_000), Image("12.4.1", "runtime", size: 2_000_000_000),
            Image("12.4.1", "devel", size: 100_000_000), Image("12.4.1", "pycuda", size: 5_000_000_000));
        var current = Report(Now,
            Image("12.4.1", "base", size: 50_600_000),          // +0.6 MB but +1.2 %: listed
            Image("12.4.1", "runtime", size: 2_000_500_000),    // +0.5 MB, +0.03 %: noise
            Image("12.4.1", "devel", size: 100_900_000),        // +0.9 MB, +0.9 %: noise
            Image("12.4.1", "pycuda", size: 4_940_000_000));    // −60 MB: listed

        var changes = Compare(previous, current);

        changes.SizeChanges.Select(s => s.Tag).ShouldBe(["12.4.1-base-debian13", "12.4.1-pycuda-debian13"]);
        var notes = ReleaseNotesMarkdown.Render(changes, "t");
        notes.ShouldContain("Uncompressed sizes that changed by at least 1 MB or 1 %.");
        notes.ShouldContain("| `12.4.1-base-debian13` | 50.0 MB | 50.6 MB | +0.6 MB (+1.2 %) |");
        notes.ShouldContain("| `12.4.1-pycuda-debian13` | 5000.0 MB | 4940.0 MB | −60.0 MB (−1.2 %) |");
    }

    [Fact]
    public void Smoke_status_changes_are_listed_per_image_and_check_with_the_reason()
    {
        var previous = Report(Before, Image("12.4.1", "runtime", checks: [Check("env"), Check("kernel")]));
        var current = Report(Now, Image("12.4.1", "runtime", checks:
            [Check("env"), Check("kernel", "notRun", "no GPU"), Check("no-driver-in-image", "failed", "libcuda.so.1 in /usr/lib")]));

        var changes = Compare(previous, current);

        changes.SmokeChanges.ShouldBe(
        [
            new SmokeChange("12.4.1-runtime-debian13", "kernel", "passed", "notRun", "no GPU"),
            new SmokeChange("12.4.1-runtime-debian13", "no-driver-in-image", null, "failed", "libcuda.so.1 in /usr/lib"),
        ]);
        ReleaseNotesMarkdown.Render(changes, "t").ShouldContain("| `12.4.1-runtime-debian13` | kernel | passed | not run | no GPU |");
    }

    [Fact]
    public void Same_reports_in_another_order_give_the_same_notes()
    {
        ReportImage[] before = [Image("12.4.0", "base"), Image("12.4.0", "runtime"), Image("11.8.0", "base", "debian12")];
        ReportImage[] now = [Image("12.4.1", "base"), Image("12.4.1", "runtime", size: 2_000_000_000), Image("13.0.0", "base")];

        var one = ReleaseNotesMarkdown.Render(Compare(Report(Before, before), Report(Now, now)), "t");
        var other = ReleaseNotesMarkdown.Render(Compare(Report(Before, before.Reverse().ToArray()), Report(Now, now.Reverse().ToArray())), "t");

        other.ShouldBe(one);
    }

    static ReportImage WithPackages(ReportImage image, Dictionary<string, string> packages, Dictionary<string, string>? security = null) =>
        image with { InstalledPackages = packages, SecurityVersions = security ?? [] };

    [Fact]
    public void Package_changes_list_added_removed_and_updated_packages_per_image_with_the_locked_security_versions_flagged()
    {
        var previous = Report(Before, WithPackages(Image("11.8.0", "runtime", "debian12", digest: Digest("old")),
            new() { ["libssl3:amd64"] = "3.0.15-1~deb12u1", ["zlib1g:amd64"] = "1:1.2.13.dfsg-1", ["libgone1:amd64"] = "1.0-1", ["bash:amd64"] = "5.2.15-2+b7" }));
        var current = Report(Now, WithPackages(Image("11.8.0", "runtime", "debian12", digest: Digest("new")),
            new() { ["libssl3:amd64"] = "3.0.17-1~deb12u2", ["zlib1g:amd64"] = "1:1.2.13.dfsg-1+deb12u1", ["libnew1:amd64"] = "2.0-1", ["bash:amd64"] = "5.2.15-2+b7" },
            security: new() { ["libssl3"] = "3.0.17-1~deb12u2" }));

        var changes = Compare(previous, current);

        changes.PackageChanges.ShouldHaveSingleItem().Changes.Select(c => c.ToString()).ShouldBe(
        [
            "libgone1:amd64 1.0-1 (removed)",
            "libnew1:amd64 2.0-1 (added)",
            "libssl3:amd64 3.0.15-1~deb12u1 → 3.0.17-1~deb12u2 [security]",
            "zlib1g:amd64 1:1.2.13.dfsg-1 → 1:1.2.13.dfsg-1+deb12u1",
        ]);
        ReleaseNotesMarkdown.Render(changes, "images-2026.11.05")
            .ShouldContain("| `11.8.0-runtime-debian12` | `libssl3:amd64` | 3.0.15-1~deb12u1 | 3.0.17-1~deb12u2 | security update |");
    }

    [Fact]
    public void Image_with_the_same_digest_as_before_has_no_package_changes_even_when_this_run_did_not_measure_it()
    {
        var previous = Report(Before, WithPackages(Image("11.8.0", "base", "debian12"), new() { ["libcudart11.0:amd64"] = "11.8.89~11.8.0-5~deb12u1" }));
        var current = Report(Now, Image("11.8.0", "base", "debian12"));

        var changes = Compare(previous, current);

        changes.PackageChanges.ShouldBeEmpty();
        changes.PackagesNotCompared.ShouldBeEmpty();
    }

    [Fact]
    public void Notes_have_every_section_in_a_fixed_order()
    {
        var previous = Report(Before, Image("12.4.0", "base", size: 100_000_000));
        var current = Report(Now, Image("12.4.1", "base", size: 120_000_000));

        var notes = ReleaseNotesMarkdown.Render(Compare(previous, current), "images-2026.11.05");

        notes.ShouldBe("""
            # CUDA images images-2026.11.05

            1 image from revision `0123456789ab`, reported 2026-11-05 04:17 UTC, published to `ghcr.io/acme/cuda`.

            Compared with the report of 2026-10-29 04:31 UTC (revision `0123456789ab`) from release images-2026.10.29.

            ## Images added

            none

            ## Images removed

            none

            ## CUDA version bumps (1)

            | line | flavor | distro | CUDA | image |
            | --- | --- | --- | --- | --- |
            | 12.4 | base | debian13 | 12.4.0 → 12.4.1 | `12.4.0-base-debian13` → `12.4.1-base-debian13` |

            ## Framework version changes

            none

            ## Alias moves (2)

            | alias | was | now |
            | --- | --- | --- |
            | `12.4-base-debian13` | `12.4.0-base-debian13` `sha256:287a16382767` | `12.4.1-base-debian13` `sha256:90c22dd2ffa6` |
            | `12-base-debian13` | `12.4.0-base-debian13` `sha256:287a16382767` | `12.4.1-base-debian13` `sha256:90c22dd2ffa6` |

            ## Size changes (1)

            Uncompressed sizes that changed by at least 1 MB or 1 %.

            | image | before | after | change |
            | --- | --- | --- | --- |
            | `12.4.1-base-debian13` | 100.0 MB | 120.0 MB | +20.0 MB (+20.0 %) |

            ## Package changes

            Debian packages added, removed or updated per image; a version the lock takes from the security suite is a security update. Not compared (no package set in one of the reports): `12.4.1-base-debian13`.

            none

            ## Smoke status changes

            none

            ## Driver floors (1)

            Hosts need at least this NVIDIA driver; within a major, minor-version compatibility runs newer minors on the lower floor.

            | CUDA | floor | was | now | note |
            | --- | --- | --- | --- | --- |
            | CUDA 12.4 | minimum driver | 550.54.14 | 550.54.15 | CUDA 12.4.0 → 12.4.1 |

            """.Replace("\r", ""));
    }

    [Fact]
    public void Committed_previous_report_fixture_is_a_valid_report_of_the_cuda_11_8_debian_12_chain()
    {
        var previous = ReportFile.Read(PreviousReportPath);

        previous.SchemaVersion.ShouldBe(ReportFile.CurrentSchema);
        previous.Images.Select(i => i.Tag).ShouldBe(
            ["11.8.0-base-debian12", "11.8.0-runtime-debian12", "11.8.0-devel-debian12", "11.8.0-pycuda-debian12"]);
        previous.Images.ShouldAllBe(i => i.Digest!.StartsWith("sha256:") && i.SizeBytes > 0 && i.Checks.Count > 0);

        // A rebuild of the same chain (new digests, runtime 2 % bigger) moves its aliases and shows the size.
        var rebuilt = previous with
        {
            GeneratedAt = Now,
            Images = previous.Images.Select(i => i with
            {
                Digest = Digest("rebuilt " + i.Tag),
                SizeBytes = i.Flavor == "runtime" ? i.SizeBytes * 102 / 100 : i.SizeBytes,
            }).ToList(),
        };
        var changes = Compare(previous, rebuilt);
        changes.Added.ShouldBeEmpty();
        changes.AliasMoves.Count.ShouldBe(8);
        changes.SizeChanges.Select(s => s.Tag).ShouldBe(["11.8.0-runtime-debian12"]);
        changes.AliasMoves.Select(a => a.Alias).Take(4).ShouldBe(["11.8-base-debian12", "11-base-debian12", "11.8-runtime-debian12", "11-runtime-debian12"]);
    }

    [Fact]
    public void Missing_previous_report_is_bad_input_naming_the_parameter()
    {
        var error = Should.Throw<InputException>(() => PreviousReport.Read("/nonexistent/report.json"));

        error.Message.ShouldStartWith("--previous-report /nonexistent/report.json does not exist;");
    }

    [Fact]
    public void Previous_report_that_is_not_a_report_is_bad_input_naming_the_parameter()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cudaimages-notes-").FullName, "report.json");
        File.WriteAllText(path, "{ \"schemaVersion\": 1, \"images\": [ oops");

        var error = Should.Throw<InputException>(() => PreviousReport.Read(path));

        error.Message.ShouldStartWith($"--previous-report {path} is not a report.json this build reads");
        Directory.Delete(Path.GetDirectoryName(path)!, true);
    }

    [Fact]
    public void Release_tag_defaults_to_the_report_date_and_can_be_given()
    {
        var report = Report(new DateTimeOffset(2026, 11, 5, 23, 30, 0, TimeSpan.FromHours(-2)));

        ReleaseTag.For(report, null).ShouldBe("images-2026.11.06"); // the UTC date
        ReleaseTag.For(report, "v2026.11").ShouldBe("v2026.11");
        Should.Throw<InputException>(() => ReleaseTag.For(report, "bad tag")).Message.ShouldStartWith("--release-tag 'bad tag' is not a valid git tag name");
    }

    [Theory]
    [InlineData("acme/cuda-images", "acme", "cuda-images")]
    [InlineData("Acme-Labs/cuda.images_2", "Acme-Labs", "cuda.images_2")]
    public void Repository_name_is_owner_slash_name(string text, string owner, string name) =>
        GitHubRepositoryName.Parse(text).ShouldBe(new GitHubRepositoryName(owner, name));

    [Theory]
    [InlineData("acme")]
    [InlineData("https://github.com/acme/cuda")]
    [InlineData("acme/cuda/extra")]
    [InlineData("-acme/cuda")]
    public void Repository_name_that_is_not_owner_slash_name_is_bad_input(string text) =>
        Should.Throw<InputException>(() => GitHubRepositoryName.Parse(text)).Message.ShouldContain("--github-repository");
}
