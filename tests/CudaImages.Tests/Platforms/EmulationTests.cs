using CudaImages.Building;
using CudaImages.Model;

namespace CudaImages.Tests.Platforms;

/// <summary>Emulation read from a folder laid out as /proc/sys/fs/binfmt_misc is.</summary>
public sealed class EmulationTests : IDisposable
{
    readonly string binfmt = Directory.CreateTempSubdirectory("cudaimages-binfmt-").FullName;

    public void Dispose() => Directory.Delete(binfmt, recursive: true);

    void Register(string flags, string state = "enabled")
    {
        File.WriteAllText(Path.Combine(binfmt, "status"), "enabled\n");
        File.WriteAllText(Path.Combine(binfmt, "qemu-aarch64"), $"{state}\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: {flags}\noffset 0\n");
    }

    [Fact]
    public void This_machines_own_platform_needs_no_emulation()
    {
        Emulation.Problem(Platform.Amd64, Platform.Amd64, binfmt).ShouldBeNull();
    }

    [Fact]
    public void Unmounted_binfmt_misc_is_named_with_the_commands_that_mount_and_register_it()
    {
        var problem = Emulation.Problem(Platform.Arm64, Platform.Amd64, binfmt).ShouldNotBeNull();

        problem.ShouldContain("binfmt_misc is not mounted");
        problem.ShouldContain("sudo mount binfmt_misc -t binfmt_misc /proc/sys/fs/binfmt_misc");
        problem.ShouldContain("sudo apt-get install -y qemu-user-static binfmt-support");
    }

    [Fact]
    public void Missing_interpreter_is_named_with_the_install_command()
    {
        File.WriteAllText(Path.Combine(binfmt, "status"), "enabled\n");

        Emulation.Problem(Platform.Arm64, Platform.Amd64, binfmt).ShouldNotBeNull()
            .ShouldContain("no qemu-aarch64 interpreter is registered with binfmt_misc; run: sudo apt-get install -y qemu-user-static binfmt-support");
    }

    [Fact]
    public void Interpreter_without_the_F_flag_is_refused_because_containers_cannot_find_it()
    {
        Register("OC");

        Emulation.Problem(Platform.Arm64, Platform.Amd64, binfmt).ShouldNotBeNull().ShouldContain("without the F flag");
    }

    [Fact]
    public void Disabled_interpreter_is_named_with_the_command_that_enables_it()
    {
        Register("PF", state: "disabled");

        Emulation.Problem(Platform.Arm64, Platform.Amd64, binfmt).ShouldNotBeNull().ShouldContain("sudo update-binfmts --enable qemu-aarch64");
    }

    [Fact]
    public void Interpreter_registered_with_the_F_flag_runs_arm64()
    {
        Register("PF");

        Emulation.Problem(Platform.Arm64, Platform.Amd64, binfmt).ShouldBeNull();
    }
}
