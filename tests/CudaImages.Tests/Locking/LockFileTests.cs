using CudaImages.Archive;
using CudaImages.Loading;
using CudaImages.Locking;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Locking;

public class LockFileTests
{
    const string TinyLock = """
        [11.8.0-base-debian12]
        libcudart11.0 11.8.89~11.8.0-5~deb12u1 bookworm

        [11.8.0-runtime-debian12]
        libcublas11 11.11.3.6~11.8.0-5~deb12u1 bookworm
        libcublaslt11 11.11.3.6~11.8.0-5~deb12u1 bookworm

        [11.8.0-devel-debian12]
        libc6-dev 2.36-9+deb12u13 bookworm-security
        nvidia-cuda-toolkit 11.8.89~11.8.0-5~deb12u1 bookworm

        """;

    static BuildPlan PlanTiny(string? lockText = TinyLock, Action<ScratchMatrix>? change = null)
    {
        using var scratch = new ScratchMatrix();
        if (lockText is not null) scratch.Write("locks/debian12.lock", lockText);
        change?.Invoke(scratch);
        return Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All);
    }

    static MatrixError PlanError(string lockText, Action<ScratchMatrix>? change = null) =>
        Should.Throw<MatrixException>(() => PlanTiny(lockText, change)).Errors.ShouldHaveSingleItem();

    [Fact]
    public void Lock_file_text_reads_back_as_the_same_lock()
    {
        var parsed = LockFile.Parse("debian12", "images/locks/debian12.lock", TinyLock);

        LockFile.Parse("debian12", "images/locks/debian12.lock", parsed.Text()).Text().ShouldBe(parsed.Text());
        parsed.Find("11.8.0-devel-debian12")!.Find("libc6-dev")!.IsSecurityUpdate.ShouldBeTrue();
    }

    [Fact]
    public void Lock_file_text_lists_sections_by_tag_and_packages_by_name()
    {
        var file = new LockFile("debian12", "x", [new ImageLock("b", [new("zlib1g", "1", "bookworm"), new("libc6", "2", "bookworm")]), new ImageLock("a", [])]);

        file.Text().Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ShouldBe(["[a]", "[b]", "libc6 2 bookworm", "zlib1g 1 bookworm"]);
    }

    [Fact]
    public void A_corrupt_lock_line_is_an_error_at_its_line_and_column()
    {
        var error = PlanError(TinyLock.Replace("libcublaslt11 11.11.3.6", "libcublaslt11 not-a-version"));

        (error.File, error.Line, error.Column).ShouldBe(("images/locks/debian12.lock", 6, 15));
        error.Hint.ShouldNotBeNull().ShouldContain("./build.sh Lock");
    }

    [Fact]
    public void A_corrupt_lock_is_left_out_and_listed_when_lock_loads_images_to_write_it_again()
    {
        using var scratch = new ScratchMatrix();
        scratch.Write("locks/debian12.lock", TinyLock.Replace("libcublaslt11 11.11.3.6", "libcublaslt11 not-a-version"));

        var matrix = MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue, rewritingLocks: true);

        matrix.Locks.ShouldBeEmpty();
        (matrix.UnreadableLocks.ShouldHaveSingleItem().File, matrix.UnreadableLocks[0].Line).ShouldBe(("images/locks/debian12.lock", 6));
    }

    [Fact]
    public void Lock_writes_a_corrupt_lock_of_a_selected_distro_again_and_refuses_one_it_would_leave_broken()
    {
        using var scratch = new ScratchMatrix();
        scratch.Write("locks/debian12.lock", "[11.8.0-base-debian12]\nlibcudart11.0\n");
        var matrix = MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue, rewritingLocks: true);
        var debian12 = matrix.Distros.Where(d => d.Id == "debian12").ToList();

        PackageLocks.Unreadable(matrix, debian12).ShouldHaveSingleItem().Line.ShouldBe(2);
        Should.Throw<MatrixException>(() => PackageLocks.Unreadable(matrix, matrix.Distros.Where(d => d.Id != "debian12")))
            .Errors.ShouldHaveSingleItem().Hint.ShouldNotBeNull().ShouldContain("./build.sh Lock --distro debian12");
    }

    [Fact]
    public void A_lock_line_without_three_fields_is_a_located_error() =>
        PlanError(TinyLock.Replace("libcudart11.0 11.8.89~11.8.0-5~deb12u1 bookworm", "libcudart11.0 11.8.89")).Line.ShouldBe(2);

    [Fact]
    public void A_lock_for_a_distro_not_in_the_matrix_is_an_error_naming_the_file()
    {
        var error = PlanError(TinyLock, m => m.Write("locks/debian11.lock", TinyLock));

        error.File.ShouldBe("images/locks/debian11.lock");
        error.Message.ShouldContain("debian11");
    }

    [Fact]
    public void A_lock_for_a_distro_the_matrix_builds_no_image_of_is_one_error_naming_the_file()
    {
        var error = PlanError(TinyLock, m => m.Replace("matrix.yaml", "exclude:\n", "exclude:\n  - distro: debian12\n    reason: dropped\n"));

        (error.File, error.Line).ShouldBe(("images/locks/debian12.lock", 1));
        error.Hint.ShouldNotBeNull().ShouldContain("remove images/locks/debian12.lock");
    }

    [Fact]
    public void A_section_for_an_image_the_matrix_does_not_have_is_an_error_at_the_section()
    {
        var error = PlanError(TinyLock + "[11.8.0-gone-debian12]\nlibfoo1 1.0-1 bookworm\n");

        (error.File, error.Line).ShouldBe(("images/locks/debian12.lock", 11));
        error.Message.ShouldContain("11.8.0-gone-debian12");
    }

    [Fact]
    public void A_flavor_added_without_a_lock_is_an_error_that_says_to_run_lock()
    {
        var error = PlanError(TinyLock, m => m.Replace("flavors.yaml", "  devel:\n", "  tools:\n    parent: base\n    template: plain.Dockerfile.liquid\n    packages: { debian: [cmake], nvidia-apt: [cmake] }\n  devel:\n"));

        error.File.ShouldBe("images/locks/debian12.lock");
        error.Message.ShouldContain("11.8.0-tools-debian12");
        error.Hint.ShouldNotBeNull().ShouldContain("./build.sh Lock --distro debian12");
    }

    [Fact]
    public void A_named_package_missing_from_its_images_section_is_an_error_at_the_section() =>
        PlanError(TinyLock.Replace("nvidia-cuda-toolkit 11.8.89~11.8.0-5~deb12u1 bookworm\n", "")).Line.ShouldBe(8);

    [Fact]
    public void Locked_images_install_their_named_packages_at_the_locked_versions() =>
        PlanTiny().Find("11.8.0-runtime-debian12")!.Dockerfile.ShouldContain("RUN install libcublas11=11.11.3.6~11.8.0-5~deb12u1");

    [Fact]
    public void Distros_without_a_lock_file_plan_unpinned_next_to_locked_ones()
    {
        var plan = PlanTiny();

        plan.Find("12.4.1-runtime-ubuntu22.04")!.Dockerfile.ShouldContain("RUN install libcublas-12-4\n");
        plan.Find("12.4.1-runtime-ubuntu22.04")!.Lock.ShouldBeNull();
    }

    [Fact]
    public void Input_hash_changes_with_a_dependency_pulled_in_and_for_the_images_children()
    {
        var before = PlanTiny();
        var after = PlanTiny(TinyLock.Replace("libcublaslt11 11.11.3.6~11.8.0-5~deb12u1", "libcublaslt11 11.11.3.6~11.8.0-5~deb12u2"));

        after.Find("11.8.0-runtime-debian12")!.InputHash.ShouldNotBe(before.Find("11.8.0-runtime-debian12")!.InputHash);
        after.Find("11.8.0-devel-debian12")!.InputHash.ShouldNotBe(before.Find("11.8.0-devel-debian12")!.InputHash);
    }

    [Fact]
    public void Input_hash_of_a_parent_stays_when_only_its_childs_locked_packages_change() =>
        PlanTiny(TinyLock.Replace("libcublaslt11 11.11.3.6~11.8.0-5~deb12u1", "libcublaslt11 11.11.3.6~11.8.0-5~deb12u2")).Find("11.8.0-base-debian12")!.InputHash
            .ShouldBe(PlanTiny().Find("11.8.0-base-debian12")!.InputHash);

    [Fact]
    public void Package_set_label_holds_the_chains_locked_packages_in_any_order()
    {
        var devel = PlanTiny().Find("11.8.0-devel-debian12")!;

        devel.LockedSet!.Select(p => p.Name).ShouldBe(["libc6-dev", "libcublas11", "libcublaslt11", "libcudart11.0", "nvidia-cuda-toolkit"]);
        devel.Labels["io.cudaimages.package-set"].ShouldBe(LockedPackages.Hash(devel.LockedSet!.Reverse()));
    }

    [Fact]
    public void Package_changes_list_added_removed_and_updated_packages_marking_security_updates()
    {
        var old = new ImageLock("t", [new("libc6", "2.36-9+deb12u9", "bookworm"), new("gone1", "1", "bookworm"), new("same", "1", "bookworm")]);
        var now = new ImageLock("t", [new("libc6", "2.36-9+deb12u10", "bookworm-security"), new("new1", "2", "bookworm"), new("same", "1", "bookworm")]);

        PackageChange.Between("t", old, now).Select(c => c.ToString()).ShouldBe([
            "gone1 1 → (removed)",
            "libc6 2.36-9+deb12u9 → 2.36-9+deb12u10 [security: bookworm-security]",
            "new1 (not installed) → 2",
        ]);
    }
}
