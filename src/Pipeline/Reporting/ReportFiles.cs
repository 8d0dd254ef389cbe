using System.Text.Json;
using CudaImages.Artifacts;

namespace CudaImages.Reporting;

/// <summary>artifacts/report/: report.json, report.md and index.html, all rendered before any is written, each written whole.</summary>
public static class ReportFiles
{
    public const string Json = "report.json";
    public const string Markdown = "report.md";
    public const string Html = "index.html";

    public static IReadOnlyList<string> Write(string directory, ReportFile report)
    {
        var files = new (string Name, string Text)[]
        {
            (Json, JsonSerializer.Serialize(report, ArtifactFile.Json) + "\n"),
            (Markdown, ReportMarkdown.Render(report)),
            (Html, ReportPage.Render(report)),
        };
        foreach (var (name, text) in files)
            ArtifactFile.WriteText(Path.Combine(directory, name), text);
        return files.Select(f => Path.Combine(directory, f.Name)).ToList();
    }
}
