using CudaImages.Smoke;

namespace CudaImages.Tests.Smoke;

public class SmokeTableTests
{
    [Fact]
    public void Table_shows_each_check_with_its_status_reason_and_seconds()
    {
        var text = TestConsole.Text(SmokeTable.Render(
        [
            new SmokeResult("11.8.0-base-debian12", "env", SmokeStatus.Passed, null, 1.5, "", SmokeHost.CpuOnly),
            new SmokeResult("11.8.0-runtime-debian12", "cuda-libs", SmokeStatus.Failed, "missing: libcublas.so", 2, "", SmokeHost.CpuOnly),
            SmokeResult.NotRun("11.8.0-runtime-debian12", "kernel", NotRunReason.NoGpu, SmokeHost.WithoutGpu),
        ]));

        var lines = text.Split('\n');
        lines.ShouldContain(l => l.Contains("11.8.0-base-debian12") && l.Contains("env") && l.Contains("passed") && l.Contains("1.5"));
        lines.ShouldContain(l => l.Contains("cuda-libs") && l.Contains("failed") && l.Contains("missing: libcublas.so"));
        lines.ShouldContain(l => l.Contains("kernel") && l.Contains("not run") && l.Contains(NotRunReason.NoGpu));
    }
}
