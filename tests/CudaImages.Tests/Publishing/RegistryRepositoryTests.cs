using CudaImages.Loading;
using CudaImages.Publishing;

namespace CudaImages.Tests.Publishing;

public class RegistryRepositoryTests
{
    [Fact]
    public void Local_registry_is_spoken_to_over_plain_http_and_names_tags_registry_colon_tag()
    {
        var registry = RegistryRepository.Parse("localhost:5000/cuda");

        registry.Host.ShouldBe("localhost:5000");
        registry.Path.ShouldBe("cuda");
        registry.ApiBase.ShouldBe(new Uri("http://localhost:5000/"));
        registry.Reference("11.8.0-base-debian12").ShouldBe("localhost:5000/cuda:11.8.0-base-debian12");
        registry.CredentialKey.ShouldBe("localhost:5000");
    }

    [Theory]
    [InlineData("127.0.0.1:5000/a/b", "http://127.0.0.1:5000/")]
    [InlineData("ghcr.io/acme/cuda", "https://ghcr.io/")]
    [InlineData("registry.example.com:8443/cuda", "https://registry.example.com:8443/")]
    public void Only_loopback_registries_get_plain_http(string name, string apiBase) =>
        RegistryRepository.Parse(name).ApiBase.ShouldBe(new Uri(apiBase));

    [Theory]
    [InlineData("acme/cuda", "acme/cuda")]
    [InlineData("cuda", "library/cuda")]
    [InlineData("docker.io/acme/cuda", "acme/cuda")]
    public void A_name_without_a_host_is_docker_hubs(string name, string path)
    {
        var registry = RegistryRepository.Parse(name);

        registry.ApiBase.ShouldBe(new Uri("https://registry-1.docker.io/"));
        registry.Path.ShouldBe(path);
        registry.CredentialKey.ShouldBe("https://index.docker.io/v1/");
    }

    [Theory]
    [InlineData("localhost:5000/cuda:11.8")]
    [InlineData("http://localhost:5000/cuda")]
    [InlineData("localhost:5000/Cuda")]
    [InlineData("")]
    public void A_registry_that_is_not_a_repository_is_one_sentence_naming_the_parameter(string name)
    {
        var error = Should.Throw<InputException>(() => RegistryRepository.Parse(name));

        error.Message.ShouldStartWith($"--registry {name}");
        error.Message.ShouldContain("localhost:5000/cuda");
    }
}
