using CudaImages.Reporting;
using Microsoft.Playwright;

namespace CudaImages.Tests.Reporting;

/// <summary>
/// index.html as users see it: opened from file:// in real headless Chromium. Screenshots are kept in
/// artifacts/test-results/ (report.png, report-without-sizes.png) for people to look at.
/// </summary>
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class ReportBrowserTests : IDisposable
{
    static readonly string Screenshots = Path.Combine(TestPaths.Root, "artifacts", "test-results");

    readonly string folder = Directory.CreateTempSubdirectory("report-page-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    sealed record OpenedPage(IPage Page, List<string> Errors, List<string> Requests, string Url);

    async Task<OpenedPage> OpenAsync(HeadlessChromium chromium, ReportFile report)
    {
        ReportFiles.Write(folder, report);
        var page = await chromium.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") errors.Add($"console {message.Type}: {message.Text}"); };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        page.Request += (_, request) => requests.Add(request.Url);
        var url = new Uri(Path.Combine(folder, ReportFiles.Html)).AbsoluteUri;
        var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
        response.ShouldNotBeNull().Ok.ShouldBeTrue();
        return new(page, errors, requests, url);
    }

    static async Task ShouldBeRenderedAsync(ILocator locator, int count, string what)
    {
        (await locator.CountAsync()).ShouldBe(count, what);
        foreach (var element in await locator.AllAsync())
        {
            (await element.IsVisibleAsync()).ShouldBeTrue(what);
            var box = (await element.BoundingBoxAsync()).ShouldNotBeNull(what);
            box.Width.ShouldBeGreaterThan(0, what);
            box.Height.ShouldBeGreaterThan(0, what);
        }
    }

    [Fact]
    public async Task Real_chromium_renders_the_driver_grid_and_the_size_chart_without_errors_or_network()
    {
        var report = ReportFixture.With(ReportFixture.Everything);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var opened = await OpenAsync(chromium, report);

        await ShouldBeRenderedAsync(opened.Page.Locator("#driver-grid tbody td.cell"), report.Images.Count * 9, "driver grid cells");
        await ShouldBeRenderedAsync(opened.Page.Locator("#driver-grid thead th.branch"), 9, "driver branch headers");
        (await opened.Page.Locator("#driver-grid td.cell.compat").First.GetAttributeAsync("title")).ShouldNotBeNull().ShouldContain("minor-version compatibility");
        await ShouldBeRenderedAsync(opened.Page.Locator("#size-chart"), 1, "size chart");
        await ShouldBeRenderedAsync(opened.Page.Locator("#size-chart rect.bar"), report.Images.Count(i => i.SizeBytes is not null), "size chart bars");
        await ShouldBeRenderedAsync(opened.Page.Locator("#size-chart text.tick"), 4, "size chart axis labels");
        await ShouldBeRenderedAsync(opened.Page.Locator("table.images tbody tr"), report.Images.Count, "image rows");
        await ShouldBeRenderedAsync(opened.Page.Locator("table.architectures tbody tr"), report.Images.Count, "architecture rows");

        // Taller bars for bigger images, as drawn by the browser, not as computed.
        var devel = await opened.Page.Locator("#size-chart rect.bar[data-tag='11.8.0-devel-debian12']").BoundingBoxAsync();
        var baseImage = await opened.Page.Locator("#size-chart rect.bar[data-tag='11.8.0-base-debian12']").BoundingBoxAsync();
        devel.ShouldNotBeNull().Height.ShouldBeGreaterThan(baseImage.ShouldNotBeNull().Height * 10);

        Directory.CreateDirectory(Screenshots);
        await opened.Page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "report.png"), FullPage = true });
        opened.Errors.ShouldBeEmpty();
        opened.Requests.ShouldBe([opened.Url]);
    }

    [Fact]
    public async Task Real_chromium_shows_no_sizes_measured_instead_of_an_empty_chart()
    {
        var report = ReportFixture.With(ReportFixture.Build, ReportFixture.Smoke);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var opened = await OpenAsync(chromium, report);

        await ShouldBeRenderedAsync(opened.Page.Locator("#no-sizes"), 1, "the no-sizes notice");
        (await opened.Page.Locator("#no-sizes").InnerTextAsync()).ShouldContain("No sizes measured");
        (await opened.Page.Locator("svg").CountAsync()).ShouldBe(0);
        await ShouldBeRenderedAsync(opened.Page.Locator("#driver-grid tbody td.cell"), report.Images.Count * 9, "driver grid cells");

        Directory.CreateDirectory(Screenshots);
        await opened.Page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "report-without-sizes.png"), FullPage = true });
        opened.Errors.ShouldBeEmpty();
        opened.Requests.ShouldBe([opened.Url]);
    }

    [Fact]
    public async Task Without_chromium_the_browser_tests_fail_saying_what_to_install()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => HeadlessChromium.LaunchAsync("/nonexistent/chromium"));

        error.Message.ShouldContain("apt-get install -y chromium");
    }
}
