using CudaImages.Smoke;

namespace CudaImages.Tests.Smoke;

public class NvidiaSmiTests
{
    [Fact]
    public void Parses_one_H200_with_its_driver_and_memory()
    {
        var gpu = NvidiaSmi.ParseGpus("NVIDIA H200, 580.159.03, 9.0, 143771 MiB\n").ShouldHaveSingleItem();

        gpu.Name.ShouldBe("NVIDIA H200");
        gpu.Driver.ShouldBe(Releases.Driver("580.159.03"));
        gpu.ComputeCapability.ShouldBe("9.0");
        gpu.MemoryMiB.ShouldBe(143771);
    }

    [Fact]
    public void Parses_several_gpus_with_crlf_and_extra_spaces() =>
        NvidiaSmi.ParseGpus("NVIDIA A100-SXM4-80GB ,  535.154.05 , 8.0,  81920 MiB\r\n  Tesla T4, 535.154.05, 7.5, 15360 MiB\r\n\r\n")
            .Select(g => (g.Name, g.Driver.Text, g.ComputeCapability, g.MemoryMiB))
            .ShouldBe([("NVIDIA A100-SXM4-80GB", "535.154.05", "8.0", 81920L), ("Tesla T4", "535.154.05", "7.5", 15360L)]);

    [Fact]
    public void Not_available_fields_are_unknown_rather_than_invented()
    {
        var gpu = NvidiaSmi.ParseGpus("Tesla K80, 470.82.01, [N/A], [N/A]").ShouldHaveSingleItem();

        gpu.ComputeCapability.ShouldBeNull();
        gpu.MemoryMiB.ShouldBeNull();
    }

    [Fact]
    public void Empty_output_means_no_gpu() =>
        NvidiaSmi.ParseGpus("\n").ShouldBeEmpty();

    [Theory]
    [InlineData("NVIDIA H200, 580.159.03, 9.0", "found 3")]
    [InlineData("NVIDIA H200, [N/A], 9.0, 143771 MiB", "'[N/A]' is not a driver version")]
    [InlineData("NVIDIA H200, 580.159.03, 9.0, 140 GiB", "'140 GiB' is not a memory size")]
    public void A_bad_line_is_named_in_the_error(string line, string why)
    {
        var error = Should.Throw<FormatException>(() => NvidiaSmi.ParseGpus("NVIDIA H200, 580.159.03, 9.0, 143771 MiB\n" + line));

        error.Message.ShouldContain($"line 2 '{line}'");
        error.Message.ShouldContain(why);
    }

    [Fact]
    public void A_host_is_described_by_its_gpu_and_driver() =>
        new SmokeHost(NvidiaSmi.ParseGpus("NVIDIA H200, 580.159.03, 9.0, 143771 MiB")).Description
            .ShouldBe("NVIDIA H200, driver 580.159.03");

    [Fact]
    public void A_host_without_gpus_is_described_as_cpu_only() =>
        SmokeHost.WithoutGpu.Description.ShouldBe("CPU-only host");
}
