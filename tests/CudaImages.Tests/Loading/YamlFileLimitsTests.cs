using CudaImages.Loading;
using CudaImages.Smoke;

namespace CudaImages.Tests.Loading;

/// <summary>A file of images/ that is no regular file, too big or too deep is one located error, never a hang or a crash.</summary>
public sealed class YamlFileLimitsTests : IDisposable
{
    readonly ScratchMatrix matrix = new();

    MatrixError LoadError()
    {
        var error = Should.Throw<MatrixException>(() => MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue));
        return error.Errors.ShouldHaveSingleItem();
    }

    [Fact]
    public void A_deeply_nested_yaml_file_is_a_located_error_not_a_stack_overflow()
    {
        matrix.Write("cuda.yaml", "releases: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        var error = LoadError();

        error.ToString().ShouldStartWith("images/cuda.yaml:1:");
        error.Message.ShouldBe("nested more than 64 levels deep");
    }

    [Fact]
    public void A_yaml_file_over_one_megabyte_is_refused_before_it_is_parsed()
    {
        matrix.Write("cuda.yaml", File.ReadAllText(matrix.PathOf("cuda.yaml")) + new string('#', 2 << 20) + "\n");

        var error = LoadError();

        error.ToString().ShouldStartWith("images/cuda.yaml:1:1: is 2.1 MB, over the limit of 1.0 MB for this file");
    }

    [Fact]
    public void A_named_pipe_where_a_yaml_file_belongs_is_refused_without_waiting_for_a_writer()
    {
        File.Delete(matrix.PathOf("cuda.yaml"));
        SpecialFiles.Fifo(matrix.PathOf("cuda.yaml"));

        LoadError().ToString().ShouldStartWith("images/cuda.yaml:1:1: is a named pipe (FIFO), not a regular file — ");
    }

    [Fact]
    public void A_link_to_dev_zero_where_a_yaml_file_belongs_is_refused_without_reading_it()
    {
        File.Delete(matrix.PathOf("cuda.yaml"));
        SpecialFiles.EndlessDevice(matrix.PathOf("cuda.yaml"));

        // Containment refuses it before the file kind is even looked at: the link leaves images/.
        LoadError().ToString().ShouldStartWith("images/cuda.yaml:1:1: leads to /dev/zero, outside images/ — ");
    }

    [Fact]
    public void A_directory_where_a_yaml_file_belongs_says_so_not_file_not_found()
    {
        File.Delete(matrix.PathOf("cuda.yaml"));
        SpecialFiles.Directory(matrix.PathOf("cuda.yaml"));

        var error = LoadError();

        error.ToString().ShouldStartWith("images/cuda.yaml:1:1: is a directory, not a file — ");
        error.Message.ShouldNotContain("not found");
    }

    public void Dispose() => matrix.Dispose();
}
