using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class NamesTests
{
    [Theory]
    [InlineData("CudaVersion", "cuda-version")]
    [InlineData("Force", "force")]
    [InlineData("CIBuildNumber", "ci-build-number")]
    [InlineData("Sha256Sum", "sha256-sum")]
    public void Member_names_become_kebab_case_flags(string member, string flag) =>
        Names.Kebab(member).ShouldBe(flag);

    [Theory]
    [InlineData("CudaVersion", "CUDA_VERSION")]
    [InlineData("RegistryPassword", "REGISTRY_PASSWORD")]
    public void Member_names_become_upper_snake_case_variables(string member, string variable) =>
        Names.UpperSnake(member).ShouldBe(variable);
}
