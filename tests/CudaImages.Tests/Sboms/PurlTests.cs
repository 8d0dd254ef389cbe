using CudaImages.Sboms;

namespace CudaImages.Tests.Sboms;

public class PurlTests
{
    [Fact]
    public void Debian_purl_names_the_architecture_and_distro_and_encodes_epoch_and_plus() =>
        Purl.Debian(new DebianPackage("libstdc++6", "1:12.2.0-14+b1", "amd64", "gcc-12", "12.2.0-14", "libs", null, "sha256:0"), "debian12")
            .ShouldBe("pkg:deb/debian/libstdc%2B%2B6@1%3A12.2.0-14%2Bb1?arch=amd64&distro=debian-12");

    [Fact]
    public void Python_purl_uses_the_normalised_name() =>
        Purl.Python(new PythonPackage("Typing_Extensions", "4.4.0", null, "/m", "sha256:0")).ShouldBe("pkg:pypi/typing-extensions@4.4.0");
}
