using System.Globalization;
using CudaImages.Reporting;

namespace CudaImages.Tests.Reporting;

public class SizeChartTests
{
    static readonly ReportFile Full = ReportFixture.With(ReportFixture.Everything);

    static double D(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    [Fact]
    public void No_chart_without_measured_sizes() =>
        SizeChart.From(ReportFixture.With(ReportFixture.Build)).ShouldBeNull();

    [Fact]
    public void One_bar_per_measured_image_grouped_by_cuda_release_in_chain_order()
    {
        var chart = SizeChart.From(Full).ShouldNotBeNull();

        chart.Bars.Select(b => b.Tag).ShouldBe(
        [
            "11.8.0-base-debian12", "11.8.0-runtime-debian12", "11.8.0-devel-debian12", "11.8.0-pycuda-debian12",
            "12.4.1-base-debian13", "12.4.1-runtime-debian13", "12.4.1-devel-debian13",
        ]);
        chart.Groups.Select(g => (g.Cuda, g.Distro)).ShouldBe([("11.8.0", "debian12"), ("12.4.1", "debian13")]);
        chart.Bars.Select(b => D(b.X)).ShouldBeInOrder(SortDirection.Ascending);
        chart.NotMeasured.ShouldBe(["12.4.1-pycuda-debian13"]);
        chart.Legend.Select(l => (l.Flavor, l.Framework)).ShouldBe([("base", false), ("runtime", false), ("devel", false), ("pycuda", true)]);
        chart.Bars.Select(b => b.Color).Distinct().Count().ShouldBe(4);
    }

    [Fact]
    public void Bar_heights_are_proportional_to_sizes_on_an_axis_in_gigabytes()
    {
        var chart = SizeChart.From(Full).ShouldNotBeNull();
        var bars = chart.Bars.ToDictionary(b => b.Tag);

        (D(bars["11.8.0-devel-debian12"].Height) / D(bars["11.8.0-runtime-debian12"].Height)).ShouldBe(5723150948.0 / 2123141590.0, 0.01);
        bars.Values.ShouldAllBe(b => Math.Abs(D(b.Y) + D(b.Height) - D(chart.PlotBottom)) < 0.02);
        chart.Unit.ShouldBe("GB");
        chart.Ticks.Select(t => t.Label).ShouldBe(["0 GB", "2 GB", "4 GB", "6 GB"]);
        bars["11.8.0-pycuda-debian12"].Label.ShouldBe("5.82 GB");
        D(bars["11.8.0-pycuda-debian12"].Y).ShouldBeGreaterThan(D(chart.PlotTop));
    }
}
