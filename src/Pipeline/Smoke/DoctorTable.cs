using Spectre.Console;
using Spectre.Console.Rendering;

namespace CudaImages.Smoke;

/// <summary>The doctor's report as people read it: one row per check, then the driver verdict per image.</summary>
public static class DoctorTable
{
    /// <summary>Columns in CI logs, where a fix should not fold into a narrow column.</summary>
    public const int LogWidth = 200;

    public static IRenderable Render(DoctorReport report)
    {
        var checks = new Table().Border(TableBorder.Rounded).AddColumns("Check", "Status", "Detail", "Fix");
        foreach (var check in report.Checks)
            checks.AddRow(
                Markup.Escape(check.Name),
                Status(check.Status),
                Markup.Escape(check.Detail),
                Markup.Escape(check.Fix ?? ""));
        var summary = new Markup(
            (report.Ready ? "[green]ready to build and run smoke checks[/]" : "[red]not ready to build[/]") +
            (report.GpuReady ? "; [green]GPU checks will run[/]" : "; [yellow]GPU checks will report not run[/]"));
        if (report.Images.Count == 0)
            return new Rows(checks, summary);

        var images = new Table().Border(TableBorder.Rounded).AddColumns("Image", "CUDA", "Driver support", "Why");
        foreach (var image in report.Images)
            images.AddRow(
                Markup.Escape(image.Tag),
                Markup.Escape(image.Cuda),
                Level(image.Level),
                Markup.Escape(image.Explanation));
        return new Rows(checks, images, summary);
    }

    static string Status(DoctorStatus status) => status switch
    {
        DoctorStatus.Ok => "[green]ok[/]",
        DoctorStatus.Warn => "[yellow]warn[/]",
        _ => "[red]fail[/]",
    };

    static string Level(DriverSupportLevel? level) => level switch
    {
        DriverSupportLevel.Full => "[green]full[/]",
        DriverSupportLevel.MinorVersionCompatibility => "[yellow]minor-version compatibility[/]",
        DriverSupportLevel.NotSupported => "[red]not supported[/]",
        _ => "[grey]no driver[/]",
    };
}
