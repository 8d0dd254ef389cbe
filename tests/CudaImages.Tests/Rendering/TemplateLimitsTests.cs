using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Rendering;
using CudaImages.Smoke;

namespace CudaImages.Tests.Rendering;

/// <summary>A template from a pull request may loop or write without end: rendering stops with a located error instead.</summary>
public class TemplateLimitsTests
{
    static MatrixException RenderError(string templateTail)
    {
        using var scratch = new ScratchMatrix();
        var template = File.ReadAllText(scratch.PathOf("templates/plain.Dockerfile.liquid"));
        scratch.Write("templates/plain.Dockerfile.liquid", template + templateTail);
        var matrix = MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue);
        return Should.Throw<MatrixException>(() => Planner.Plan(matrix, new Selection(["11.8"], ["debian12"], ["base"], [])));
    }

    [Fact]
    public void Template_that_loops_past_the_step_limit_is_a_located_error()
    {
        var error = RenderError("{% for i in (1..100000000) %}{% assign x = i %}{% endfor %}\n").Errors.ShouldHaveSingleItem();

        error.File.ShouldBe("images/templates/plain.Dockerfile.liquid");
        error.Message.ShouldContain("rendering failed for");
    }

    [Fact]
    public void Template_that_writes_more_than_the_output_limit_is_a_located_error()
    {
        var error = RenderError($"{{% for i in (1..{DockerfileTemplates.MaxSteps / 4}) %}}{new string('x', 256)}{{% endfor %}}\n").Errors.ShouldHaveSingleItem();

        error.File.ShouldBe("images/templates/plain.Dockerfile.liquid");
        error.Message.ShouldContain($"wrote more than {DockerfileTemplates.MaxOutputChars / 1024} KiB");
    }
}
