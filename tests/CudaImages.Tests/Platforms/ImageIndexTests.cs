using System.Text;
using System.Text.Json;
using CudaImages.Model;
using CudaImages.Publishing;

namespace CudaImages.Tests.Platforms;

public class ImageIndexTests
{
    static Manifest Image(string content) =>
        new(Manifest.DigestOf(Encoding.UTF8.GetBytes(content)), Manifest.DockerV2, Encoding.UTF8.GetBytes(content), "sha256:config", 10);

    [Fact]
    public void Index_names_each_platform_with_its_manifest_digest_size_and_media_type()
    {
        var amd = Image("amd");
        var arm = Image("arm");

        var index = ImageIndex.Create([(Platform.Arm64, arm), (Platform.Amd64, amd)]);

        index.MediaType.ShouldBe(Manifest.OciIndex);
        var json = JsonDocument.Parse(index.Body).RootElement;
        json.GetProperty("mediaType").GetString().ShouldBe(Manifest.OciIndex);
        var first = json.GetProperty("manifests")[0];
        first.GetProperty("digest").GetString().ShouldBe(amd.Digest);
        first.GetProperty("size").GetInt32().ShouldBe(3);
        first.GetProperty("mediaType").GetString().ShouldBe(Manifest.DockerV2);
        ImageIndex.Entries(index).ShouldBe([new IndexEntry(Platform.Amd64, amd.Digest), new IndexEntry(Platform.Arm64, arm.Digest)]);
    }

    [Fact]
    public void Same_platform_images_give_the_same_index_digest_in_any_order()
    {
        var amd = Image("amd");
        var arm = Image("arm");

        ImageIndex.Create([(Platform.Amd64, amd), (Platform.Arm64, arm)]).Digest
            .ShouldBe(ImageIndex.Create([(Platform.Arm64, arm), (Platform.Amd64, amd)]).Digest);
    }

    [Fact]
    public void Index_with_an_extra_platform_does_not_name_exactly_the_built_ones()
    {
        var amd = Image("amd");
        var index = ImageIndex.Create([(Platform.Amd64, amd), (Platform.Arm64, Image("arm"))]);

        ImageIndex.NamesExactly(index, [new IndexEntry(Platform.Amd64, amd.Digest)]).ShouldBeFalse();
    }

    [Fact]
    public void Index_with_another_digest_for_a_platform_does_not_name_exactly_the_built_ones()
    {
        var amd = Image("amd");
        var index = ImageIndex.Create([(Platform.Amd64, amd), (Platform.Arm64, Image("arm"))]);

        ImageIndex.NamesExactly(index, [new IndexEntry(Platform.Amd64, amd.Digest), new IndexEntry(Platform.Arm64, Image("other").Digest)]).ShouldBeFalse();
    }
}
