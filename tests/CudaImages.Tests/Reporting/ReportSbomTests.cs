using CudaImages.Reporting;
using CudaImages.Sboms;

namespace CudaImages.Tests.Reporting;

public class ReportSbomTests
{
    const string Runtime = "11.8.0-runtime-debian12";
    const string ImageId = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    static readonly SbomsFile Sboms = new(SbomsFile.CurrentSchema, ReportFixture.GeneratedAt,
    [
        new ImageSbom(Runtime, $"cuda:{Runtime}", ImageId, $"{Runtime}.spdx.json", $"{Runtime}.cdx.json", 119, 0,
            [new LicenceCount("GPL-2+", 70), new LicenceCount("other-NVIDIA-CUDA-TOOLKIT-11.6.2", 22)],
            [new NonFreePackage("libcublas11", "11.11.3.6~11.8.0-5~deb12u1", "Debian's non-free area")]),
    ]);

    static ReportFile Report(BuildFileOrNull build = default) =>
        CompatibilityReport.From(ReportFixture.Plan, new ReportInputs(build.File, null, null, null) { Sboms = Sboms }, "rev", ReportFixture.GeneratedAt);

    [Fact]
    public void Each_described_image_carries_its_sbom_files_package_count_and_non_free_packages()
    {
        var sbom = Report().Find(Runtime)!.Sbom.ShouldNotBeNull();

        (sbom.Spdx, sbom.CycloneDx, sbom.ImageId, sbom.Packages).ShouldBe(($"sbom/{Runtime}.spdx.json", $"sbom/{Runtime}.cdx.json", ImageId, 119));
        sbom.NonFree.Select(p => p.Name).ShouldBe(["libcublas11"]);
    }

    [Fact]
    public void An_image_without_an_sbom_says_so_and_the_sources_count_the_described()
    {
        var report = Report();

        report.Find("11.8.0-base-debian12")!.Sbom.ShouldBeNull();
        report.Sources.Single(s => s.Name == "sbom").Summary.ShouldBe($"1 of {report.Images.Count} images described");
    }

    [Fact]
    public void Markdown_flags_the_non_free_packages_of_each_image()
    {
        var markdown = ReportMarkdown.Render(Report());

        markdown.ShouldContain("### Supply chain");
        markdown.ShouldContain($"| `{Runtime}` | `sbom/{Runtime}.spdx.json` `sbom/{Runtime}.cdx.json` | 119 Debian | GPL-2+ (70), other-NVIDIA-CUDA-TOOLKIT-11.6.2 (22) | 1 (Debian's non-free area): libcublas11 |");
        markdown.ShouldContain("| `11.8.0-base-debian12` | no SBOM |");
    }

    [Fact]
    public void Page_shows_each_image_s_sbom_files_and_non_free_packages()
    {
        var html = ReportPage.Render(Report());

        html.ShouldContain($"<code>sbom/{Runtime}.cdx.json</code>");
        html.ShouldContain("non-free area): libcublas11</span>");
    }

    [Fact]
    public void An_sbom_of_another_image_than_the_one_built_last_is_noted()
    {
        var build = new CudaImages.Building.BuildFile(CudaImages.Building.BuildFile.CurrentSchema,
            [new CudaImages.Building.ImageBuildRecord(Runtime, $"cuda:{Runtime}", CudaImages.Building.ImageBuildStatus.Built,
                "sha256:2222222222222222222222222222222222222222222222222222222222222222", "hash", null, 1, null, null)]);

        Report(new(build)).Find(Runtime)!.Notes.ShouldContain(n => n.StartsWith("SBOM describes image 111111111111, not 222222222222 built last"));
    }

    public readonly record struct BuildFileOrNull(CudaImages.Building.BuildFile? File);
}
