using CudaImages.Sboms;

namespace CudaImages.Tests.Sboms;

public class LicencesTests
{
    [Theory]
    [InlineData("GPL-2+", "GPL-2.0-or-later")]
    [InlineData("GPL-2", "GPL-2.0-only")]
    [InlineData("LGPL-2.1+", "LGPL-2.1-or-later")]
    [InlineData("Expat", "MIT")]
    [InlineData("BSD-3-clause", "BSD-3-Clause")]
    [InlineData("Artistic", "Artistic-1.0-Perl")]
    public void Debian_short_names_map_to_the_spdx_identifier_that_means_the_same(string debian, string spdx) =>
        Licences.SpdxId(debian).ShouldBe(spdx);

    [Theory]
    [InlineData("other-NVIDIA-CUDA-TOOLKIT-11.6.2")]
    [InlineData("GPL-2+ with OpenSSL exception")]
    [InlineData("LGPL-2.2")]
    public void Names_without_an_spdx_identifier_get_none(string debian) =>
        Licences.SpdxId(debian).ShouldBeNull();

    [Fact]
    public void A_license_line_splits_into_groups_alternatives_and_names() =>
        Licences.Names("GPL-2+ or Artistic, and BSD-3-clause and Zlib").ShouldBe(["GPL-2+", "Artistic", "BSD-3-clause", "Zlib"]);

    [Fact]
    public void A_package_in_debian_s_non_free_area_is_flagged() =>
        Licences.NonFree(Package("non-free/libs", ["GPL-2+"])).ShouldBe("Debian's non-free area");

    [Fact]
    public void A_package_under_an_nvidia_licence_is_flagged_wherever_it_lies() =>
        Licences.NonFree(Package("libs", ["other-NVIDIA-CUDA-TOOLKIT-11.6.2"])).ShouldBe("licence other-NVIDIA-CUDA-TOOLKIT-11.6.2");

    [Fact]
    public void A_free_package_in_contrib_is_not_flagged() =>
        Licences.NonFree(Package("contrib/python", ["MIT"])).ShouldBeNull();

    static DebianPackage Package(string section, IReadOnlyList<string> licences) =>
        new("p", "1", "amd64", "p", "1", section, licences, "sha256:0");
}
