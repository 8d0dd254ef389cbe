using System.Text.RegularExpressions;
using CudaImages.Reporting;

namespace CudaImages.Tests.Reporting;

public class ReportPageTests
{
    static readonly ReportFile Full = ReportFixture.With(ReportFixture.Everything);

    [Fact]
    public void Page_loads_nothing_from_the_network()
    {
        var html = ReportPage.Render(Full);

        Regex.Matches(html, @"\b(?:src|href|xlink:href|action|poster|srcset)\s*=\s*""([^""]*)""").Select(m => m.Groups[1].Value)
            .ShouldAllBe(target => target.StartsWith('#'));
        html.ShouldNotContain("url(");
        html.ShouldNotContain("@import");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<link");
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");
    }

    [Fact]
    public void Everything_from_data_is_html_encoded()
    {
        var first = Full.Images[0];
        var hostile = Full with
        {
            Repository = "<script>alert(1)</script>",
            Images = [first with { Aliases = ["<img src=x onerror=alert(2)>"], Checks = [new ReportCheck("env", ReportCheck.Failed, "\"><b>boom</b>", "CPU-only host")] }, .. Full.Images.Skip(1)],
        };

        var html = ReportPage.Render(hostile);

        html.ShouldNotContain("<script>alert(1)");
        html.ShouldNotContain("<img src=x");
        html.ShouldNotContain("<b>boom</b>");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public void Page_shows_every_image_with_identity_checks_and_where_they_ran()
    {
        var html = ReportPage.Render(Full);

        foreach (var image in Full.Images)
            html.ShouldContain($"<code>{image.Tag}</code>");
        html.ShouldContain("registry digest");
        html.ShouldContain("local image ID");
        html.ShouldContain("ran on CPU-only host");
        html.ShouldContain("PyCUDA 2025.1.1");
        html.ShouldContain("Unsupported gpu architecture");
    }

    [Fact]
    public void Page_lists_each_image_package_changes_with_security_updates_marked_and_says_where_none_were_compared()
    {
        var changed = Full with
        {
            Images = [.. Full.Images.Select(i => i.Tag == "11.8.0-devel-debian12"
                ? i with { PackageChanges = [new PackageSetChange("libbrotli1:amd64", "1.0.9-2", "1.0.9-2+deb12u1", Security: true)] }
                : i)],
        };

        var html = ReportPage.Render(changed);

        html.ShouldContain("1 updated (1 security)");
        html.ShouldContain("<li class=\"updated\"><code>libbrotli1:amd64</code> 1.0.9-2 ");
        html.ShouldContain("deb12u1 <span class=\"warn\">security</span></li>");
        html.ShouldContain("not compared: needs both reports");
    }

    [Fact]
    public void Driver_grid_has_a_cell_per_image_and_reported_branch_with_the_rule_as_its_title()
    {
        var html = ReportPage.Render(Full);

        Regex.Matches(html, @"<td class=""cell (full|compat|none)""").Count.ShouldBe(Full.Images.Count * 9);
        var compat = Full.Images[0].Drivers.First(d => d.Support == DriverSupportCell.MinorVersionCompatibility);
        html.ShouldContain($"title=\"{System.Net.WebUtility.HtmlEncode(compat.Explanation).Replace("&#39;", "&#x27;")}\"");
    }

    [Fact]
    public void Without_sizes_the_page_says_so_instead_of_drawing_a_chart()
    {
        var html = ReportPage.Render(ReportFixture.With(ReportFixture.Build, ReportFixture.Smoke));

        html.ShouldContain("No sizes measured");
        html.ShouldNotContain("<svg");
        html.ShouldNotContain("class=\"bar\"");
    }

    [Fact]
    public void Run_snippets_use_the_registry_reference_once_published()
    {
        var html = System.Net.WebUtility.HtmlDecode(ReportPage.Render(Full));

        html.ShouldContain("docker run --rm --gpus all localhost:5000/cuda:11.8.0-runtime-debian12 nvidia-smi");
        html.ShouldContain("docker run --rm --gpus '\"device=0,1\"' cuda:12.4.1-runtime-debian13 nvidia-smi");
        html.ShouldContain("-e CUDA_VISIBLE_DEVICES=0 cuda:12.4.1-devel-debian13");
        html.ShouldContain("- driver: nvidia");
        html.ShouldContain("capabilities: [gpu]");
    }

    [Fact]
    public void Image_choice_recommends_only_flavors_in_the_report_and_names_the_missing_one()
    {
        var choices = ImageChoice.For(Full);

        choices.Select(c => (c.Flavor, c.Available)).ShouldBe([("runtime", true), ("devel", true), ("devel", true), ("cudnn-runtime", false), ("cudnn-devel", false), ("pytorch", false)]);
        choices[0].Tags.ShouldBe(["11.8.0-runtime-debian12", "12.4.1-runtime-debian13"]);
        choices[2].Caveat.ShouldNotBeNull().ShouldBe("these devel images install Nsight: nsight-compute");
        ReportPage.Render(Full).ShouldContain("No <strong>pytorch</strong> image in this selection of the matrix");
    }

    [Fact]
    public void Image_choice_points_cudnn_inference_at_every_cudnn_runtime_family_nvidia_tags()
    {
        var plan = ReportFixture.PlanOf(new(["11.8", "12.4"], ["ubuntu22.04"], [], []));
        var report = CompatibilityReport.From(plan, ReportInputs.None, "rev", ReportFixture.GeneratedAt);

        ImageChoice.For(report).Single(c => c.Flavor == "cudnn-runtime").Tags
            .ShouldBe(["11.8.0-cudnn8-runtime-ubuntu22.04", "12.4.1-cudnn-runtime-ubuntu22.04"], ignoreOrder: true);
    }

    [Fact]
    public void Image_choice_points_pytorch_apps_at_the_pytorch_image_where_the_matrix_has_one()
    {
        var plan = ReportFixture.PlanOf(new(["12.4"], ["ubuntu22.04"], [], []));
        var report = CompatibilityReport.From(plan, ReportInputs.None, "rev", ReportFixture.GeneratedAt);

        ImageChoice.For(report).Single(c => c.Flavor == "pytorch").Tags.ShouldBe(["12.4.1-pytorch-ubuntu22.04"]);
        ReportPage.Render(report).ShouldNotContain("image in this matrix");
    }
}
