using Microsoft.Playwright;

namespace CudaImages.Tests.Reporting;

/// <summary>
/// Debian's chromium, driven headless through Playwright (its .NET driver ships in the NuGet package; no browser
/// download). A missing browser fails the test with what to install: the HTML report is only tested in a real browser.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string DefaultPath = "/usr/bin/chromium";

    readonly IPlaywright playwright;

    HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>CHROMIUM_PATH, else Debian's /usr/bin/chromium.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultPath;

    public static Task<HeadlessChromium> LaunchAsync() => LaunchAsync(ExecutablePath);

    public static async Task<HeadlessChromium> LaunchAsync(string executablePath)
    {
        if (!File.Exists(executablePath))
            throw new InvalidOperationException(
                $"headless Chromium is not installed at {executablePath}: install it with 'sudo apt-get install -y chromium' " +
                "(or set CHROMIUM_PATH to a Chromium binary); the HTML report is tested in a real browser");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = executablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
