using CudaImages.Archive;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;
using CudaImages.Tests.Building;

namespace CudaImages.Tests.Locking;

/// <summary>What ./build.sh Lock asks: real apt against Debian's archive, in one throw-away container of debian:12 on the real engine.</summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class ArchiveResolverRealAptTests(EngineFixture fixture)
{
    static BuildPlan Chain(string flavor) => Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue) with { Locks = [] },
        new Selection(["11.8"], ["debian12"], [flavor], []));

    [Fact]
    public async Task Real_apt_resolves_each_image_of_the_debian_12_chain_over_its_parent_in_one_container()
    {
        var probe = (await new ArchiveResolver(fixture.Engine).ProbeAsync(Chain("devel").Images, resolve: true, CancellationToken.None)).ShouldHaveSingleItem();
        var images = probe.Images.ToDictionary(i => i.Tag);

        images.Keys.ShouldBe(["11.8.0-base-debian12", "11.8.0-runtime-debian12", "11.8.0-devel-debian12"]);
        images["11.8.0-base-debian12"].Find("libcudart11.0").ShouldNotBeNull();
        images["11.8.0-base-debian12"].Find("libcublas11").ShouldBeNull();
        images["11.8.0-runtime-debian12"].Find("libcublas11").ShouldNotBeNull();
        images["11.8.0-runtime-debian12"].Find("libcudart11.0").ShouldBeNull("the parent's step installed it");
        images["11.8.0-devel-debian12"].Find("nvidia-cuda-toolkit").ShouldNotBeNull();
        images["11.8.0-devel-debian12"].Find("libcuda1").ShouldBeNull("the driver placeholder provides libcuda.so.1");
    }

    [Fact]
    public async Task Real_apt_that_cannot_resolve_an_image_stops_the_lock_with_apts_own_words()
    {
        var image = Chain("base").Images.ShouldHaveSingleItem() with { Packages = ["cudaimages-no-such-package"] };

        var error = await Should.ThrowAsync<ArchiveException>(() => new ArchiveResolver(fixture.Engine).ProbeAsync([image], resolve: true, CancellationToken.None));

        error.Message.ShouldContain("the 11.8.0 images of debian12");
        error.Message.ShouldContain("Unable to locate package cudaimages-no-such-package");
    }
}
