using CudaImages.Smoke;

namespace CudaImages.Tests.Smoke;

public class SmokeVerdictTests
{
    static readonly SmokeHost H200 = new(NvidiaSmi.ParseGpus("NVIDIA H200, 580.159.03, 9.0, 143771 MiB"));

    [Theory]
    [InlineData(100, "vector_add: cudaMalloc failed: cudaErrorNoDevice")]
    [InlineData(1, "CUDA error: no CUDA-capable device is detected")]
    [InlineData(35, "cudaErrorInsufficientDriver")]
    [InlineData(1, "CUDA driver version is insufficient for CUDA runtime version")]
    [InlineData(127, "./smoke: error while loading shared libraries: libcuda.so.1: cannot open shared object file: No such file or directory")]
    [InlineData(0, "warning: no CUDA-capable device is detected\nskipping")]
    public void No_gpu_output_is_not_run_never_passed(int exitCode, string output) =>
        SmokeVerdict.Judge(exitCode, output, hostHasGpu: false).ShouldBe(new SmokeVerdict(SmokeStatus.NotRun, "no GPU"));

    [Fact]
    public void Insufficient_driver_on_a_gpu_host_is_a_failure_of_the_image() =>
        SmokeVerdict.Judge(35, "CUDA driver version is insufficient for CUDA runtime version", hostHasGpu: true)
            .ShouldBe(new SmokeVerdict(SmokeStatus.Failed, "CUDA driver version is insufficient for CUDA runtime version"));

    [Fact]
    public void Other_failures_give_their_last_output_line_as_reason() =>
        SmokeVerdict.Judge(2, "compiling\r\nerror: expected 42, got 0\r\n\r\n", hostHasGpu: false)
            .ShouldBe(new SmokeVerdict(SmokeStatus.Failed, "error: expected 42, got 0"));

    [Fact]
    public void Silent_failure_names_its_exit_code() =>
        SmokeVerdict.Judge(139, "", hostHasGpu: true).Reason.ShouldBe("exit code 139 without output");

    [Fact]
    public void Zero_exit_without_no_gpu_signs_passes() =>
        SmokeVerdict.Judge(0, "vector_add: 1048576 elements OK", hostHasGpu: true).ShouldBe(new SmokeVerdict(SmokeStatus.Passed, null));

    [Fact]
    public void A_run_result_records_where_it_ran() =>
        SmokeResult.FromRun("12.4.1-devel-ubuntu22.04", "kernel", 0, "OK", 1.5, H200)
            .ShouldBe(new SmokeResult("12.4.1-devel-ubuntu22.04", "kernel", SmokeStatus.Passed, null, 1.5, "OK", "NVIDIA H200, driver 580.159.03"));

    [Fact]
    public void A_check_that_could_not_start_is_not_run_with_its_reason() =>
        SmokeResult.NotRun("12.4.1-devel-ubuntu22.04", "kernel", NotRunReason.ParentFailed, SmokeHost.WithoutGpu)
            .ShouldBe(new SmokeResult("12.4.1-devel-ubuntu22.04", "kernel", SmokeStatus.NotRun, "parent failed", 0, null, "CPU-only host"));
}
