using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Loading;

/// <summary>--base-image and --package-repository: what they accept, what they refuse, and what they change.</summary>
public class MatrixOverridesTests
{
    static readonly Lazy<ImageMatrix> Matrix = new(() => MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue));

    static MatrixOverrides Parse(string[]? baseImages = null, string[]? repositories = null) =>
        MatrixOverrides.Parse(Matrix.Value, baseImages ?? [], repositories ?? []);

    static InputException Refused(string[]? baseImages = null, string[]? repositories = null) =>
        Should.Throw<InputException>(() => Parse(baseImages, repositories));

    static ImageSpec Planned(string tag, MatrixOverrides overrides) =>
        Planner.Plan(overrides.ApplyTo(Matrix.Value), new Selection(["12.4.1"], ["ubuntu22.04"], [], [])).Find(tag)!;

    const string LocalRepository = "nvidia-apt=http://127.0.0.1:8080/{nvidia_repo}/x86_64/";

    [Fact]
    public void Base_image_override_replaces_the_distros_base_image_and_nothing_else()
    {
        var matrix = Parse(["ubuntu22.04=debian:12"]).ApplyTo(Matrix.Value);

        matrix.Distros.Single(d => d.Id == "ubuntu22.04").BaseImage.ShouldBe("debian:12");
        matrix.Distros.Single(d => d.Id == "ubuntu24.04").BaseImage.ShouldBe("ubuntu:24.04");
    }

    [Fact]
    public void Base_image_override_is_what_the_root_image_builds_from()
    {
        var image = Planned("12.4.1-base-ubuntu22.04", Parse(["ubuntu22.04=debian:12"]));

        image.BaseImage.ShouldBe("debian:12");
        image.Dockerfile.ShouldContain("ARG PARENT_IMAGE=debian:12\n");
    }

    [Fact]
    public void Package_repository_override_fills_in_the_distros_nvidia_repo_and_reaches_the_keyring_download()
    {
        var image = Planned("12.4.1-base-ubuntu22.04", Parse(repositories: [LocalRepository]));

        image.Dockerfile.ShouldContain("http://127.0.0.1:8080/ubuntu2204/x86_64/cuda-keyring_1.1-1_all.deb");
        image.Dockerfile.ShouldNotContain("developer.download.nvidia.com");
    }

    [Fact]
    public void Base_image_override_changes_the_input_hash_of_the_image_and_its_children()
    {
        var overrides = Parse(["ubuntu22.04=debian:12"]);

        foreach (var tag in new[] { "12.4.1-base-ubuntu22.04", "12.4.1-runtime-ubuntu22.04", "12.4.1-devel-ubuntu22.04" })
            Planned(tag, overrides).InputHash.ShouldNotBe(Planned(tag, MatrixOverrides.None).InputHash, tag);
    }

    [Fact]
    public void Package_repository_override_changes_the_input_hash_of_the_image_and_its_children()
    {
        var overrides = Parse(repositories: [LocalRepository]);

        foreach (var tag in new[] { "12.4.1-base-ubuntu22.04", "12.4.1-runtime-ubuntu22.04" })
            Planned(tag, overrides).InputHash.ShouldNotBe(Planned(tag, MatrixOverrides.None).InputHash, tag);
    }

    [Fact]
    public void Without_overrides_the_plan_is_the_one_images_describes() =>
        Planned("12.4.1-base-ubuntu22.04", Parse()).InputHash.ShouldBe(Planned("12.4.1-base-ubuntu22.04", MatrixOverrides.None).InputHash);

    [Fact]
    public void Base_image_without_a_distro_is_refused_with_an_example() =>
        Refused(["debian:12"]).Message.ShouldBe("--base-image debian:12: write id=value, e.g. --base-image ubuntu22.04=debian:12");

    [Fact]
    public void Base_image_for_an_unknown_distro_is_refused_with_the_closest_name() =>
        Refused(["ubuntu22.4=debian:12"]).Message.ShouldStartWith("--base-image ubuntu22.4=debian:12: no such distro in images/distros.yaml; did you mean 'ubuntu22.04'");

    [Theory]
    [InlineData("debian:12;rm -rf /")]
    [InlineData("debian@sha256:0123")]
    [InlineData("Debian:12")]
    [InlineData("debian:12 --network=host")]
    public void Base_image_that_is_not_an_image_reference_is_refused(string image) =>
        Refused([$"ubuntu22.04={image}"]).Message.ShouldBe(
            $"--base-image ubuntu22.04={image}: '{image}' is not an image reference; write repository:tag, e.g. debian:12 (no digest)");

    [Fact]
    public void Base_image_given_twice_for_one_distro_is_refused() =>
        Refused(["ubuntu22.04=debian:12", "ubuntu22.04=debian:13"]).Message.ShouldBe(
            "--base-image ubuntu22.04=debian:13: ubuntu22.04 is given twice; keep one value");

    [Theory]
    [InlineData("ftp://127.0.0.1/repo/")]
    [InlineData("http://127.0.0.1/repo/;curl evil")]
    [InlineData("http://user:secret@mirror/repo/")]
    [InlineData("http://mirror/repo/ $(id)")]
    public void Package_repository_that_is_not_an_http_url_is_refused(string url) =>
        Refused(repositories: [$"nvidia-apt={url}"]).Message.ShouldStartWith($"--package-repository nvidia-apt={url}: '{url}' is not an http(s) URL");

    [Fact]
    public void Package_repository_of_an_unknown_source_is_refused_with_the_closest_name() =>
        Refused(repositories: ["nvidia-ap=http://127.0.0.1/"]).Message.ShouldStartWith(
            "--package-repository nvidia-ap=http://127.0.0.1/: no such package source in images/distros.yaml; did you mean 'nvidia-apt'");

    [Fact]
    public void Package_repository_of_a_source_without_one_is_refused() =>
        Refused(repositories: ["debian=http://127.0.0.1/"]).Message.ShouldBe(
            "--package-repository debian=http://127.0.0.1/: package source debian installs from the distro's own archive and has no repository to replace; name one that has: nvidia-apt");
}
