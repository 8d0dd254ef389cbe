using CudaImages.Sizes;

namespace CudaImages.Tests.Sizes;

public class DpkgStatusTests
{
    static IReadOnlyDictionary<string, DpkgPackage> Parse(string text) => DpkgStatus.Parse(new StringReader(text));

    [Fact]
    public void Installed_size_is_read_in_KiB_and_given_in_bytes()
    {
        var status = Parse(Synthetic.Status(("libcudart11.0", "11.8.89~11.8.0-5~deb12u1", 770)));

        status["libcudart11.0:amd64"].ShouldBe(new DpkgPackage("libcudart11.0", "amd64", "11.8.89~11.8.0-5~deb12u1", 770 * 1024));
    }

    [Fact]
    public void Only_installed_packages_count_not_removed_ones_that_left_their_config_files()
    {
        var status = Parse("""
            Package: gone
            Status: deinstall ok config-files
            Installed-Size: 500
            Architecture: amd64
            Version: 1

            Package: here
            Status: install ok installed
            Installed-Size: 10
            Architecture: all
            Version: 2
            Description: first line
             continued: with a colon that is not a field
            """);

        status.Keys.ShouldBe(["here:all"]);
        status["here:all"].InstalledBytes.ShouldBe(10 * 1024);
    }

    [Fact]
    public void A_package_without_installed_size_counts_zero_bytes() =>
        Parse("Package: meta\nStatus: install ok installed\nVersion: 1\n")["meta:"].InstalledBytes.ShouldBe(0);

    [Fact]
    public void A_layer_installs_what_its_status_has_beyond_the_status_below_largest_first()
    {
        var below = Parse(Synthetic.Status(("libc6", "2.36-9", 12_000), ("coreutils", "9.1-1", 18_000)));
        var status = Parse(Synthetic.Status(("libc6", "2.36-9", 12_000), ("coreutils", "9.1-1", 18_000),
            ("libcublas11", "11.11.3.6", 600_000), ("libcufft10", "10.9.0.58", 280_000), ("libnvrtc11.2", "11.8.89", 60_000)));

        DpkgStatus.Installed(below, status, top: 2).ShouldBe([
            new PackageSize("libcublas11", "11.11.3.6", 600_000L * 1024),
            new PackageSize("libcufft10", "10.9.0.58", 280_000L * 1024),
        ]);
    }

    [Fact]
    public void An_upgraded_package_counts_as_installed_by_the_layer_that_upgraded_it()
    {
        var below = Parse(Synthetic.Status(("libc6", "2.36-9", 12_000)));
        var status = Parse(Synthetic.Status(("libc6", "2.36-9+deb12u4", 12_100)));

        DpkgStatus.Installed(below, status, top: 10).ShouldHaveSingleItem().Version.ShouldBe("2.36-9+deb12u4");
    }

    [Fact]
    public void With_no_status_below_every_package_is_installed_by_the_layer() =>
        DpkgStatus.Installed(null, Parse(Synthetic.Status(("a", "1", 1), ("b", "1", 2))), top: 10).Select(p => p.Name).ShouldBe(["b", "a"]);
}
