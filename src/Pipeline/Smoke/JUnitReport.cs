using System.Globalization;
using System.Xml.Linq;

namespace CudaImages.Smoke;

/// <summary>Smoke results as JUnit XML, which CI systems show as test results: one suite per image, one case per check.</summary>
public static class JUnitReport
{
    public const string RelativePath = "smoke/junit.xml";

    public static void Write(string path, IReadOnlyList<SmokeResult> results)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        ToXml(results).Save(path);
    }

    public static XDocument ToXml(IReadOnlyList<SmokeResult> results) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "smoke"),
                Counts(results),
                results.GroupBy(r => r.Image).Select(Suite)));

    static XElement Suite(IGrouping<string, SmokeResult> image) =>
        new("testsuite",
            new XAttribute("name", image.Key),
            Counts(image.ToList()),
            new XAttribute("hostname", image.First().Where),
            image.Select(Case));

    static XElement Case(SmokeResult result) =>
        new("testcase",
            new XAttribute("name", result.Check),
            new XAttribute("classname", result.Image),
            new XAttribute("time", Time(result.Seconds)),
            result.Status switch
            {
                SmokeStatus.Failed => new XElement("failure", new XAttribute("message", XmlText(result.Reason ?? "failed")), XmlText(result.Output ?? "")),
                SmokeStatus.NotRun => new XElement("skipped", new XAttribute("message", XmlText(result.Reason ?? "not run"))),
                _ => null,
            },
            result.Output is { Length: > 0 } && result.Status != SmokeStatus.Failed ? new XElement("system-out", XmlText(result.Output)) : null);

    static IEnumerable<XAttribute> Counts(IReadOnlyList<SmokeResult> results) =>
    [
        new("tests", results.Count),
        new("failures", results.Count(r => r.Status == SmokeStatus.Failed)),
        new("errors", 0),
        new("skipped", results.Count(r => r.Status == SmokeStatus.NotRun)),
        new("time", Time(results.Sum(r => r.Seconds))),
    ];

    // Build and program output carries ANSI escapes and other characters XML cannot hold.
    static string XmlText(string text) =>
        string.Concat(text.EnumerateRunes().Where(r => !r.IsBmp || System.Xml.XmlConvert.IsXmlChar((char)r.Value)));

    static string Time(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
