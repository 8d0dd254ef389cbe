using CudaImages.Archive;
using CudaImages.Loading;
using CudaImages.Smoke;

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

    static string ScriptForTheDebian12Chain()
    {
        var matrix = MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue);
        var distro = matrix.Distros.Single(d => d.Id == "debian12");
        return AptProbe.Script(distro, matrix.Release(distro.Cuda[0]),
            [("11.8.0-base-debian12", ["libcudart11.0"]), ("11.8.0-runtime-debian12", ["libcudart11.0", "libcublas11"])], []);
    }

    [Fact]
    public void Probe_script_turns_apts_cache_file_back_on_before_the_first_apt_call()
    {
        var script = ScriptForTheDebian12Chain();

        script.IndexOf("Dir::Cache::pkgcache \"/var/cache/apt/pkgcache.bin\"", StringComparison.Ordinal).ShouldBeInRange(0, script.IndexOf("apt-get", StringComparison.Ordinal));
    }

    [Fact]
    public void Probe_script_resolves_the_images_at_once_as_many_as_cores_and_prints_them_in_chain_order()
    {
        var script = ScriptForTheDebian12Chain();

        script.ShouldContain("xargs -P \"$(nproc)\"");
        script.IndexOf("@@image 11.8.0-base-debian12", StringComparison.Ordinal).ShouldBeLessThan(script.IndexOf("@@image 11.8.0-runtime-debian12", StringComparison.Ordinal));
    }
}
