using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Planning;

public class InputHashTests
{
    static string HashOf(string tag, Action<ScratchMatrix>? change = null)
    {
        using var scratch = new ScratchMatrix();
        change?.Invoke(scratch);
        return Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All).Find(tag)!.InputHash;
    }

    [Fact]
    public void Same_inputs_give_the_same_hash_in_another_folder() =>
        HashOf("12.4.1-runtime-ubuntu22.04").ShouldBe(HashOf("12.4.1-runtime-ubuntu22.04"));

    /// <summary>Every image's input hash, planned from a fresh copy of the copying fixture in its own temporary folder.</summary>
    static IReadOnlyList<(string Tag, string Hash)> HashesOfCopyingFixture(Action<ScratchMatrix>? change = null)
    {
        using var scratch = new ScratchMatrix("copying");
        change?.Invoke(scratch);
        return [.. Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All).Images.Select(i => (i.Tag, i.InputHash))];
    }

    [Fact]
    public void Copying_fixture_copies_a_file_and_a_folder_from_the_context()
    {
        using var scratch = new ScratchMatrix("copying");

        var images = Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All).Images;

        images.Count.ShouldBe(2);
        images.ShouldAllBe(i => i.Context.Select(c => c.Path).SequenceEqual(new[] { "profile.d/cuda.sh", "tools/cuda-libs", "tools/cuda-version" }));
    }

    [Fact]
    public void Images_that_copy_files_get_the_same_hashes_from_two_checkout_folders() =>
        HashesOfCopyingFixture().ShouldBe(HashesOfCopyingFixture());

    [Fact]
    public void One_changed_byte_in_a_copied_file_changes_the_hash_of_the_image_and_its_child()
    {
        var before = HashesOfCopyingFixture();

        var after = HashesOfCopyingFixture(m => m.Replace("context/tools/cuda-version", "cuda $CUDA_VERSION", "cuda $CUDA_VERSIoN"));

        after.Select(a => a.Tag).ShouldBe(before.Select(b => b.Tag));
        after.Zip(before).ShouldAllBe(pair => pair.First.Hash != pair.Second.Hash);
    }

    [Fact]
    public void Hash_changes_when_the_template_changes() =>
        HashOf("12.4.1-base-ubuntu22.04", m => m.Replace("templates/plain.Dockerfile.liquid", "RUN install", "RUN  install"))
            .ShouldNotBe(HashOf("12.4.1-base-ubuntu22.04"));

    [Fact]
    public void Child_hash_changes_when_only_its_parent_changes() =>
        HashOf("12.4.1-runtime-ubuntu22.04", m => m.Replace("flavors.yaml", "NVIDIA_VISIBLE_DEVICES: all", "NVIDIA_VISIBLE_DEVICES: none"))
            .ShouldNotBe(HashOf("12.4.1-runtime-ubuntu22.04"));

    [Fact]
    public void Hash_changes_when_a_copied_context_file_changes()
    {
        void WithContext(ScratchMatrix m, string content) => m
            .Write("context/hello.txt", content)
            .Replace("templates/plain.Dockerfile.liquid", "RUN install", "COPY hello.txt /etc/hello.txt\nRUN install");

        HashOf("12.4.1-base-ubuntu22.04", m => WithContext(m, "one"))
            .ShouldNotBe(HashOf("12.4.1-base-ubuntu22.04", m => WithContext(m, "two")));
    }

    [Fact]
    public void Dockerfile_carries_its_input_hash_as_a_label()
    {
        using var scratch = new ScratchMatrix();
        var image = Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All).Find("11.8.0-base-debian12")!;

        image.InputHash.ShouldStartWith("sha256:");
        image.Dockerfile.ShouldEndWith($"io.cudaimages.input-hash=\"{image.InputHash}\"\n");
    }

    [Fact]
    public void Copied_file_missing_from_context_is_an_error_naming_the_template()
    {
        using var scratch = new ScratchMatrix();
        scratch.Replace("templates/plain.Dockerfile.liquid", "RUN install", "COPY missing.sh /usr/local/bin/\nRUN install");

        var error = Should.Throw<MatrixException>(() => Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All));

        error.Message.ShouldContain("images/templates/plain.Dockerfile.liquid");
        error.Message.ShouldContain("'missing.sh'");
    }

    [Fact]
    public void Only_copied_files_enter_the_build_context()
    {
        using var scratch = new ScratchMatrix();
        scratch.Write("context/used.txt", "u").Write("context/unused.txt", "x")
            .Replace("templates/plain.Dockerfile.liquid", "RUN install", "COPY used.txt /etc/\nRUN install");

        var image = Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All).Find("11.8.0-base-debian12")!;

        image.Context.Select(c => c.Path).ShouldBe(["used.txt"]);
    }
}
