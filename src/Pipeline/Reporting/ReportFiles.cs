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
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path + ".tmp", text);
            File.Move(path + ".tmp", path, overwrite: true);
        }
        return files.Select(f => Path.Combine(directory, f.Name)).ToList();
    }
}
