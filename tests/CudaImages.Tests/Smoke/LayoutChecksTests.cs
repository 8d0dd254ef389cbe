using System.Formats.Tar;
using CudaImages.Smoke;

namespace CudaImages.Tests.Smoke;

public class LayoutChecksTests
{
    [Fact]
    public void Layout_check_expects_cudart_where_the_flavor_promises_it_and_a_compiler_where_it_runs_nvcc()
    {
        var runtime = LayoutCheck.Expectations(["libcudart.so", "libcublas.so"], ["env", "layout"], ["libcublas11"]);
        var devel = LayoutCheck.Expectations(["libcudart.so"], ["nvcc", "layout"], ["nvidia-cuda-toolkit"]);

        runtime.ShouldBe((true, false, false));
        devel.ShouldBe((true, true, false));
    }

    [Theory]
    [InlineData("nsight-compute")]
    [InlineData("cuda-nsight-compute-12-4")]
    public void Layout_check_expects_ncu_where_the_image_installs_nsight_compute(string package) =>
        LayoutCheck.Expectations([], ["nvcc"], ["nvidia-cuda-dev", package]).Profiler.ShouldBeTrue();

    [Fact]
    public void Layout_check_does_not_expect_ncu_from_nsight_systems() =>
        LayoutCheck.Expectations([], ["nvcc"], ["nsight-systems"]).Profiler.ShouldBeFalse();

    [Fact]
    public void CMake_check_builds_from_the_image_under_test_with_the_project_and_vector_add()
    {
        using var tar = CMakeCheck.BuildContext("cuda:11.8.0-devel-debian12", Path.Combine(TestPaths.Images, "smoke"));

        var files = ReadTar(tar);

        files.Keys.ShouldBe(["Dockerfile", "CMakeLists.txt", "toolkit_info.cpp", "vector_add.cu"], ignoreOrder: true);
        files["Dockerfile"].ShouldStartWith("FROM cuda:11.8.0-devel-debian12\n");
        files["Dockerfile"].ShouldContain("apt-get install -y --no-install-recommends cmake make");
        files["Dockerfile"].ShouldContain("RUN cmake -S /src -B /build && cmake --build /build");
        files["CMakeLists.txt"].ShouldContain("find_package(CUDAToolkit REQUIRED)");
        files["CMakeLists.txt"].ShouldNotContain("CUDAToolkit_ROOT");
    }

    static Dictionary<string, string> ReadTar(Stream stream)
    {
        var files = new Dictionary<string, string>();
        using var reader = new TarReader(stream, leaveOpen: true);
        while (reader.GetNextEntry() is { } entry)
            files[entry.Name] = new StreamReader(entry.DataStream!).ReadToEnd();
        return files;
    }
}
