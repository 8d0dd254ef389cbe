using CudaImages.Sboms;
using CudaImages.Tests.Sizes;

namespace CudaImages.Tests.Sboms;

public class ImageInventoryTests
{
    [Fact]
    public async Task Every_installed_package_is_listed_with_the_layer_that_installed_it()
    {
        var inventory = await SyntheticInventory.FrameworkInventoryAsync();

        inventory.Debian.Select(p => (p.Name, p.Layer)).ShouldBe([
            ("libc6", Synthetic.DiffId(SyntheticInventory.OsLayer)),
            ("libcublas11", Synthetic.DiffId(SyntheticInventory.CudaLayer)),
            ("login", Synthetic.DiffId(SyntheticInventory.OsLayer)),
            ("python3-pycuda", Synthetic.DiffId(SyntheticInventory.PythonLayer)),
        ]);
    }

    [Fact]
    public async Task Source_package_and_its_version_come_from_the_source_field()
    {
        var login = (await SyntheticInventory.FrameworkInventoryAsync()).Debian.Single(p => p.Name == "login");

        (login.Source, login.SourceVersion, login.Version, login.Architecture).ShouldBe(("shadow", "1:4.13+dfsg1-1", "1:4.13+dfsg1-1+b1", "amd64"));
    }

    [Fact]
    public async Task Licences_come_from_the_header_and_files_paragraphs_of_a_machine_readable_copyright_file()
    {
        var inventory = await SyntheticInventory.FrameworkInventoryAsync();

        inventory.Debian.Single(p => p.Name == "libc6").Licences.ShouldBe(["LGPL-2.1+", "GPL-2+"]);
        inventory.Debian.Single(p => p.Name == "libcublas11").Licences.ShouldBe(["other-NVIDIA-CUDA-TOOLKIT-11.6.2"]);
    }

    [Fact]
    public async Task A_free_form_copyright_file_states_no_licence()
    {
        var login = (await SyntheticInventory.FrameworkInventoryAsync()).Debian.Single(p => p.Name == "login");

        login.Licences.ShouldBeNull();
    }

    [Fact]
    public async Task Python_distributions_come_from_dist_info_and_egg_info_metadata_and_a_whiteout_removes_one()
    {
        var python = (await SyntheticInventory.FrameworkInventoryAsync()).Python;

        python.Select(p => (p.Name, p.Version, p.Licence)).ShouldBe([
            ("pycuda", "2022.2.2", "MIT"),
            ("typing_extensions", "4.4.0", "Python Software Foundation License"),
        ]);
    }

    [Fact]
    public async Task A_deleted_python_distribution_is_listed_in_the_image_below_the_layer_that_deletes_it()
    {
        var layers = SyntheticInventory.Framework.Take(3).ToList();
        var inventory = ImageInventory.Of([.. layers.Select(Synthetic.DiffId)], await SyntheticInventory.ReadAsync(layers)).ShouldNotBeNull();

        inventory.Python.Select(p => p.Name).ShouldContain("old");
    }

    [Fact]
    public async Task An_image_with_a_layer_missing_from_the_save_has_no_inventory()
    {
        var read = await SyntheticInventory.ReadAsync([SyntheticInventory.OsLayer]);

        ImageInventory.Of([Synthetic.DiffId(SyntheticInventory.OsLayer), "sha256:" + new string('0', 64)], read).ShouldBeNull();
    }
}
