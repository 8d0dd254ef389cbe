using System.Text.RegularExpressions;
using CudaImages.Reporting;

namespace CudaImages.Tests.Reporting;

public class ReportMarkdownTests
{
    /// <summary>A GitHub-flavored Markdown table: its header cells and the cells of each row, split on unescaped pipes.</summary>
    sealed record MarkdownTable(int Line, IReadOnlyList<string> Header, string Separator, IReadOnlyList<IReadOnlyList<string>> Rows);

    static IReadOnlyList<MarkdownTable> Tables(string markdown)
    {
        var lines = markdown.Split('\n');
        var tables = new List<MarkdownTable>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('|')) continue;
            var start = i;
            var block = new List<string>();
            while (i < lines.Length && lines[i].StartsWith('|')) block.Add(lines[i++]);
            block.Count.ShouldBeGreaterThanOrEqualTo(2, $"table at line {start + 1} has no separator row");
            tables.Add(new(start + 1, Cells(block[0]), block[1], block.Skip(2).Select(Cells).ToList()));
        }
        return tables;
    }

    static IReadOnlyList<string> Cells(string row)
    {
        row.ShouldEndWith("|", customMessage: row);
        var inner = row.Trim()[1..^1];
        return Regex.Split(inner, @"(?<!\\)\|").Select(c => c.Trim()).ToList();
    }

    static void ShouldBeWellFormed(string markdown)
    {
        var tables = Tables(markdown);
        tables.ShouldNotBeEmpty();
        foreach (var table in tables)
        {
            Cells(table.Separator).ShouldAllBe(c => Regex.IsMatch(c, "^:?-{3,}:?$"), $"separator of the table at line {table.Line}");
            Cells(table.Separator).Count.ShouldBe(table.Header.Count, $"separator of the table at line {table.Line}");
            table.Rows.ShouldNotBeEmpty();
            foreach (var row in table.Rows)
            {
                row.Count.ShouldBe(table.Header.Count, $"row '{string.Join(" | ", row)}' of the table at line {table.Line}");
                row.ShouldAllBe(c => c.Length > 0);
            }
        }
    }

    [Fact]
    public void Every_table_of_the_full_report_is_well_formed()
    {
        var markdown = ReportMarkdown.Render(ReportFixture.With(ReportFixture.Everything));

        ShouldBeWellFormed(markdown);
        Tables(markdown).Select(t => t.Header[0]).ShouldBe(["Image", "Image", "Image", "Image", "Image"]);
    }

    [Fact]
    public void Tables_stay_well_formed_when_the_data_holds_pipes_and_line_breaks()
    {
        var report = ReportFixture.With(ReportFixture.Build, ReportFixture.Smoke);
        var first = report.Images[0];
        var tricky = report with
        {
            Images =
            [
                first with
                {
                    Aliases = ["a|b", "c\nd"],
                    Checks = [new ReportCheck("env", ReportCheck.NotRun, "host | engine\r\ngone", null)],
                },
                .. report.Images.Skip(1),
            ],
        };

        var markdown = ReportMarkdown.Render(tricky);

        ShouldBeWellFormed(markdown);
        markdown.ShouldContain(@"`a\|b`");
        markdown.ShouldContain(@"1 not run (host \| engine  gone)");
    }

    [Fact]
    public void Images_table_says_not_measured_and_not_run_when_those_results_are_missing()
    {
        var markdown = ReportMarkdown.Render(ReportFixture.With(ReportFixture.Build));
        var images = Tables(markdown)[0];

        images.Header.ShouldBe(["Image", "Aliases", "CUDA", "Distro", "Flavor", "Framework", "Size", "Compressed", "Smoke checks", "Platform"]);
        images.Rows.ShouldAllBe(r => r[6] == "not measured" && r[7] == "not measured" && r[8] == "not run: no smoke results");
        markdown.ShouldContain("- **Publish:** not published");
    }

    [Fact]
    public void Images_table_shows_sizes_smoke_summaries_and_failed_checks_with_their_reason()
    {
        var markdown = ReportMarkdown.Render(ReportFixture.With(ReportFixture.Everything));
        var rows = Tables(markdown)[0].Rows.ToDictionary(r => r[0]);

        rows["`11.8.0-devel-debian12`"][6].ShouldBe("5.72 GB");
        rows["`11.8.0-devel-debian12`"][7].ShouldBe("2.23 GB (registry)");
        rows["`12.4.1-devel-debian13`"][7].ShouldBe("2.31 GB (estimate)");
        rows["`12.4.1-devel-debian13`"][8].ShouldBe("4 passed, 2 failed");
        rows["`11.8.0-runtime-debian12`"][8].ShouldBe("4 passed, 2 not run (no GPU)");
        rows["`12.4.1-pycuda-debian13`"][6].ShouldBe("not measured");
        markdown.ShouldContain("- `12.4.1-devel-debian13` `nvcc`: nvcc fatal   : Unsupported gpu architecture 'compute_100' &lt;sm_100|sm_120&gt; (on CPU-only host)");
    }

    [Fact]
    public void Driver_grid_has_a_column_per_reported_branch_and_a_row_per_image()
    {
        var report = ReportFixture.With(ReportFixture.Everything);
        var grid = Tables(ReportMarkdown.Render(report))[1];

        grid.Header.ShouldBe(["Image", "Full support from", "Compatibility from", "470", "525", "535", "545", "550", "560", "570", "575", "580"]);
        grid.Rows.Count.ShouldBe(report.Images.Count);
        grid.Rows.Single(r => r[0] == "`12.4.1-runtime-debian13`").Skip(1).ShouldBe(
            ["550.54.15", "525.60.13", "❌ no", "🟡 compat", "🟡 compat", "🟡 compat", "✅ full", "✅ full", "✅ full", "✅ full", "✅ full"]);
    }
}
