using CudaImages.Archive;

namespace CudaImages.Tests.Locking;

public class AptProbeTests
{
    const string Output = """
        @@image 11.8.0-base-debian12
        NOTE: This is only a simulation!
        Inst libcudart11.0 (11.8.89~11.8.0-5~deb12u1 Debian:12.12/oldstable [amd64])
        Conf libcudart11.0 (11.8.89~11.8.0-5~deb12u1 Debian:12.12/oldstable [amd64])
        @@image 11.8.0-runtime-debian12
        Inst libc6 [2.36-9+deb12u9] (2.36-9+deb12u13 Debian:12.12/oldstable, Debian-Security:12/oldstable-security [amd64])
        Inst libnvrtc11.2:amd64 (11.8.89~11.8.0-5~deb12u1 Debian:12.12/oldstable-updates [amd64])
        @@available
          libcudart11.0 | 11.8.89~11.8.0-5~deb12u1 | http://deb.debian.org/debian bookworm/contrib amd64 Packages
                  libc6 | 2.36-9+deb12u13 | http://deb.debian.org/debian bookworm/main amd64 Packages
                  libc6 | 2.36-9+deb12u10 | http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
        """;

    [Fact]
    public void Simulated_installs_are_read_per_image_with_their_suite_by_codename()
    {
        var result = AptProbe.Parse(Output, "bookworm");

        result.Installs["11.8.0-base-debian12"].ShouldBe([new("libcudart11.0", "11.8.89~11.8.0-5~deb12u1", "bookworm")]);
        result.Installs["11.8.0-runtime-debian12"].Select(p => $"{p.Name} {p.Version} {p.Suite}").ShouldBe([
            "libc6 2.36-9+deb12u13 bookworm-security",
            "libnvrtc11.2 11.8.89~11.8.0-5~deb12u1 bookworm-updates",
        ]);
    }

    [Fact]
    public void Available_versions_are_read_from_madison() =>
        AptProbe.Parse(Output, "bookworm").Available["libc6"].ShouldBe(["2.36-9+deb12u13", "2.36-9+deb12u10"]);

    [Theory]
    [InlineData("Debian:12.12/oldstable", "bookworm", "bookworm")]
    [InlineData("Debian-Security:12/stable-security", "bookworm", "bookworm-security")]
    [InlineData("Ubuntu:22.04/jammy-updates", null, "jammy-updates")]
    [InlineData("Debian:13/trixie", "trixie", "trixie")]
    public void Suites_are_named_by_codename_not_by_stable_or_oldstable(string origins, string? codename, string suite) =>
        AptProbe.Suite(origins, codename).ShouldBe(suite);
}
