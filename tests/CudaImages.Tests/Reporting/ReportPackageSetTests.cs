using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Reporting;

namespace CudaImages.Tests.Reporting;

/// <summary>Each locked image's package set (the hash its label io.cudaimages.package-set carries) in report.json, index.html and report.md.</summary>
public class ReportPackageSetTests
{
    const string Runtime = "11.8.0-runtime-debian12";
    static readonly ReportFile Full = ReportFixture.With(ReportFixture.Everything);
    static string Label(string tag) => ReportFixture.Plan.Find(tag)!.Labels["io.cudaimages.package-set"];

    [Fact]
    public void Report_json_gives_each_locked_image_the_package_set_of_its_label()
    {
        using var fixture = new ReportFixture();
        var path = Path.Combine(fixture.Artifacts, ReportFile.RelativePath);
        Full.Write(path);

        var read = ReportFile.Read(path);

        read.Images.ShouldAllBe(i => i.PackageSet == Label(i.Tag));
        read.Find(Runtime)!.PackageSet.ShouldNotBe(read.Find("11.8.0-base-debian12")!.PackageSet);
    }

    [Fact]
    public void Page_shows_each_image_s_package_set_in_the_supply_chain_table()
    {
        var html = ReportPage.Render(Full);

        html.ShouldContain("<th scope=\"col\">Package set</th>");
        html.ShouldContain($"<code class=\"mono\" title=\"{Label(Runtime)}\">{Digests.Hex12(Label(Runtime))}</code>");
    }

    [Fact]
    public void Markdown_supply_chain_table_ends_each_row_with_the_package_set() =>
        ReportMarkdown.Render(Full).ShouldContain($"| `{Runtime}` | no SBOM | — | — | — | `{Label(Runtime)}` |");

    [Fact]
    public void An_image_of_a_distro_without_a_lock_has_no_package_set_and_the_page_says_not_locked()
    {
        var plan = ReportFixture.PlanOf(new Selection(["12.4.1"], ["ubuntu22.04"], ["base"], []));
        var report = CompatibilityReport.From(plan, ReportInputs.None, "rev", ReportFixture.GeneratedAt);

        report.Images.ShouldAllBe(i => i.PackageSet == null);
        ReportPage.Render(report).ShouldContain("<span class=\"sub\">not locked</span>");
    }
}
