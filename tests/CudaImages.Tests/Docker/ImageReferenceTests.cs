using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("cuda:12.4.1-base-ubuntu22.04", "cuda", "12.4.1-base-ubuntu22.04")]
    [InlineData("nvidia/cuda:12.4.1-base", "nvidia/cuda", "12.4.1-base")]
    [InlineData("localhost:5000/cuda:12.4.1-base", "localhost:5000/cuda", "12.4.1-base")]
    [InlineData("localhost:5000/cuda", "localhost:5000/cuda", "latest")]
    [InlineData("cuda", "cuda", "latest")]
    public void Tag_is_after_the_last_colon_that_follows_the_last_slash(string reference, string repository, string tag) =>
        ImageReference.Parse(reference).ShouldBe(new ImageReference(repository, tag));

    [Fact]
    public void A_digest_reference_cannot_be_split_into_repository_and_tag() =>
        Should.Throw<ArgumentException>(() => ImageReference.Parse("cuda@sha256:0123"));
}
