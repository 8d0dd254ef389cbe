using CudaImages.Docker;
using CudaImages.Sizes;

namespace CudaImages.Tests.Sizes;

public class LayerHistoryTests
{
    static readonly ImageHistoryStep Import = new("Imported from -", 164_000_000);
    static readonly ImageHistoryStep Env = new("/bin/sh -c #(nop)  ENV CUDA_VERSION=11.8.0", 0);
    static readonly ImageHistoryStep Install = new("/bin/sh -c apt-get install -y libcublas11", 1_900_000_000);
    static readonly ImageHistoryStep Nothing = new("/bin/sh -c true", 0); // a RUN that changed nothing still made a layer
    static readonly ImageHistoryStep Label = new("/bin/sh -c #(nop)  LABEL a=b", 0);

    [Fact]
    public void Steps_that_made_a_layer_are_the_layers_in_order()
    {
        var layers = LayerHistory.Map([Import, Env, Install, Label], [false, true, false, true], layerCount: 2);

        layers.ShouldBe([Import, Install]);
    }

    [Fact]
    public void The_config_tells_an_empty_layer_from_a_step_that_made_none()
    {
        var layers = LayerHistory.Map([Import, Env, Nothing, Install], [false, true, false, false], layerCount: 3);

        layers.ShouldBe([Import, Nothing, Install]);
    }

    [Fact]
    public void Without_the_config_steps_with_a_size_are_the_layers() =>
        LayerHistory.Map([Import, Env, Install, Label], emptyLayer: null, layerCount: 2).ShouldBe([Import, Install]);

    [Fact]
    public void Without_the_config_an_empty_layer_makes_the_history_not_add_up() =>
        LayerHistory.Map([Import, Nothing, Install], emptyLayer: null, layerCount: 3).ShouldBeNull();

    [Fact]
    public void Config_flags_for_another_history_are_not_used() =>
        LayerHistory.Map([Import, Env, Install], [false, true], layerCount: 2).ShouldBe([Import, Install]);
}
