using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

public sealed class ContainerRunGpuRequestTests
{
    [Fact]
    public void All_asks_for_every_gpu()
    {
        var gpus = GpuRequest.Parse("all");

        gpus.Count.ShouldBe(-1);
        gpus.DeviceIds.ShouldBeEmpty();
    }

    [Fact]
    public void A_number_asks_for_that_many_gpus() =>
        GpuRequest.Parse("2").ShouldSatisfyAllConditions(
            gpus => gpus.Count.ShouldBe(2),
            gpus => gpus.DeviceIds.ShouldBeEmpty());

    [Theory]
    [InlineData("device=0,1", new[] { "0", "1" })]
    [InlineData("device=GPU-3a1b", new[] { "GPU-3a1b" })]
    [InlineData("\"device=2, 3\"", new[] { "2", "3" })]
    public void Device_list_asks_for_those_devices(string value, string[] devices)
    {
        var gpus = GpuRequest.Parse(value);

        gpus.Count.ShouldBe(0);
        gpus.DeviceIds.ShouldBe(devices);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("2")]
    [InlineData("device=0,1")]
    public void Reads_back_as_docker_run_gpus_writes_it(string value) =>
        GpuRequest.Parse(value).ToString().ShouldBe(value);

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("device=")]
    [InlineData("device=0,,1")]
    [InlineData("count=2")]
    public void Anything_else_is_refused_with_the_three_forms_it_accepts(string value)
    {
        var failure = Should.Throw<FormatException>(() => GpuRequest.Parse(value));

        failure.Message.ShouldBe($"'{value}' is not a GPU request — write all, a count such as 2, or device=0,1 (as docker run --gpus)");
    }
}
