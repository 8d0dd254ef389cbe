using System.Collections.Concurrent;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;
using CudaImages.Tests.Docker;

namespace CudaImages.Tests.Building;

/// <summary>What ImageBuilder decides with the registry as its cache: an empty engine, and a registry holding the plan as an earlier run published it.</summary>
public sealed class RegistryCacheDecisionTests : IDisposable
{
    const string Prefix = "io.cudaimages";
    const string Base = "11.8.0-base-debian12";
    const string Runtime = "11.8.0-runtime-debian12";
    const string Devel = "11.8.0-devel-debian12";

    readonly string logs = Path.Combine(Path.GetTempPath(), "cudaimages-tests", Guid.NewGuid().ToString("n"), "logs");
    readonly BuildPlan plan = Planner.Plan(MatrixLoader.Load(TestPaths.Fixture("engine-tiny"), SmokeCheckRegistry.Default.Catalogue), Selection.All, "cached");
    readonly EmptyEngine engine = new();
    readonly PublishedPlan registry = new();

    /// <summary>Starts empty; "builds" by handing out a new ID; holds what is tagged or pulled.</summary>
    sealed class EmptyEngine : StandInEngine
    {
        public readonly ConcurrentDictionary<string, ImageInfo> Images = new();
        public readonly ConcurrentQueue<string> Built = new();

        public override Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
            Task.FromResult(Images.GetValueOrDefault(reference) ?? Images.Values.FirstOrDefault(i => i.Id == reference));

        public override Task<string> BuildImageAsync(Stream contextTar, IReadOnlyDictionary<string, string> buildArgs, IReadOnlyDictionary<string, string> labels,
            bool noCache, string? network, TextWriter log, Action<string> step, CancellationToken cancellationToken, string? platform = null)
        {
            var id = $"sha256:built-{Guid.NewGuid():n}";
            Built.Enqueue(buildArgs["PARENT_IMAGE"]);
            Images[id] = new ImageInfo(id, [], labels, 0, DateTimeOffset.UnixEpoch);
            return Task.FromResult(id);
        }

        public override Task TagImageAsync(string imageId, string reference, CancellationToken cancellationToken)
        {
            Images[reference] = Images[imageId];
            return Task.CompletedTask;
        }
    }

    /// <summary>The registry: each tag's image with the labels it was built with; counts pulls.</summary>
    sealed class PublishedPlan : IRegistryImages
    {
        public readonly Dictionary<string, RegistryImage> Tags = [];
        public readonly ConcurrentQueue<string> Pulls = new();
        public EmptyEngine Engine { get; set; } = null!;

        public string Repository => "registry.test/cuda";

        public Task<RegistryImage?> FindAsync(string tag, CancellationToken cancellationToken) => Task.FromResult(Tags.GetValueOrDefault(tag));

        public Task<string> PullAsync(RegistryImage image, string localReference, CancellationToken cancellationToken)
        {
            Pulls.Enqueue(image.Tag);
            Engine.Images[image.ImageId] = Engine.Images[localReference] = new ImageInfo(image.ImageId, [localReference], image.Labels, 0, DateTimeOffset.UnixEpoch);
            return Task.FromResult(image.ImageId);
        }
    }

    public RegistryCacheDecisionTests() => registry.Engine = engine;

    IReadOnlyDictionary<string, string> Bases => plan.Images.Select(i => i.BaseImage).Distinct().ToDictionary(b => b, b => $"sha256:base-{b}");

    /// <summary>The registry holds every planned image as an earlier run published it; <paramref name="stale"/> was built from other inputs.</summary>
    void PublishedEarlier(string? stale = null)
    {
        foreach (var image in plan.Images)
        {
            var parentId = image.Parent is { } parent ? registry.Tags[parent].ImageId : Bases[image.BaseImage];
            var labels = new Dictionary<string, string>
            {
                [ImageLabels.InputHash(Prefix)] = image.Tag == stale ? "stale" : image.InputHash,
                [ImageLabels.ParentId(Prefix)] = parentId,
            };
            registry.Tags[image.Tag] = new RegistryImage(registry.Repository, image.Tag, $"sha256:manifest-{image.Tag}", $"sha256:config-{image.Tag}", labels);
        }
    }

    ImageBuilder Builder(bool force = false) => new(engine, new BuildOptions(2, force, null, "test", logs, Prefix), registry);

    async Task<Dictionary<string, ImageBuildRecord>> BuildAsync(bool force = false) =>
        (await Builder(force).BuildAsync(plan, Bases, new PlainBuildProgress(TextWriter.Null), CancellationToken.None)).ToDictionary(r => r.Tag);

    [Fact]
    public async Task Image_whose_registry_tag_holds_its_input_hash_on_its_parent_is_current_in_registry_not_built_not_pulled()
    {
        PublishedEarlier();

        var records = await BuildAsync();

        records.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.CurrentInRegistry);
        records[Runtime].ImageId.ShouldBe($"sha256:config-{Runtime}");
        records[Runtime].RegistryDigest.ShouldBe($"sha256:manifest-{Runtime}");
        records[Runtime].Registry.ShouldBe("registry.test/cuda");
        engine.Built.ShouldBeEmpty();
        registry.Pulls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Images_of_a_two_platform_plan_are_not_taken_from_the_registry_even_where_a_tag_holds_the_same_amd64_image()
    {
        // What an earlier amd64-only run published: a plain image under each tag, with the inputs the amd64 images have now.
        PublishedEarlier();
        var both = Planner.Plan(MatrixLoader.Load(TestPaths.Fixture("engine-tiny"), SmokeCheckRegistry.Default.Catalogue),
            Selection.All with { Platforms = ["linux/amd64", "linux/arm64"] }, "cached");
        var bases = both.Images.Select(i => i.BaseImage).Distinct().ToDictionary(b => b, b => $"sha256:base-{b}");

        var toBuild = await Builder().ToBuildAsync(both, bases, CancellationToken.None);

        // Publish makes an index of every platform's local image: an amd64 platform left in the registry would block it.
        toBuild.Count.ShouldBe(both.Images.Count);
        both.Images.Where(i => i.Platform == Platform.Amd64).Select(i => i.InputHash).ShouldBe(plan.Images.Select(i => i.InputHash));
    }

    [Fact]
    public async Task Disk_estimate_leaves_out_the_images_current_in_registry()
    {
        PublishedEarlier(stale: Devel);

        var toBuild = await Builder().ToBuildAsync(plan, Bases, CancellationToken.None);

        toBuild.Select(i => i.Tag).ShouldBe([Devel]);
    }

    [Fact]
    public async Task Image_with_other_inputs_in_the_registry_is_built_on_its_parent_pulled_once_and_its_children_follow()
    {
        PublishedEarlier(stale: Runtime);

        var records = await BuildAsync();

        records[Base].Status.ShouldBe(ImageBuildStatus.CurrentInRegistry);
        records[Runtime].Status.ShouldBe(ImageBuildStatus.Built);
        records[Runtime].ParentImageId.ShouldBe($"sha256:config-{Base}");
        records[Devel].Status.ShouldBe(ImageBuildStatus.Built);
        records[Devel].ParentImageId.ShouldBe(records[Runtime].ImageId);
        registry.Pulls.ShouldBe([Base]);
    }

    [Fact]
    public async Task Registry_image_built_on_another_parent_is_rebuilt()
    {
        PublishedEarlier();
        registry.Tags[Base] = registry.Tags[Base] with
        {
            Labels = new Dictionary<string, string>(registry.Tags[Base].Labels) { [ImageLabels.ParentId(Prefix)] = "sha256:an-older-debian" },
        };

        var records = await BuildAsync();

        records[Base].Status.ShouldBe(ImageBuildStatus.Built);
        records[Runtime].Status.ShouldBe(ImageBuildStatus.Built);
    }

    [Fact]
    public async Task Current_image_whose_digest_lacks_its_SBOM_attestations_is_pulled_for_its_SBOMs_not_rebuilt()
    {
        PublishedEarlier();
        registry.Tags[Runtime] = registry.Tags[Runtime] with { MissingAttestations = ["no provenance and no SBOM attestations"] };

        var records = await BuildAsync();

        records.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.CurrentInRegistry);
        records[Runtime].Note.ShouldContain("pulled, for its SBOMs");
        registry.Pulls.ShouldBe([Runtime]);
        engine.Images[plan.Images.Single(i => i.Tag == Runtime).Reference].Id.ShouldBe($"sha256:config-{Runtime}");
        engine.Built.ShouldBeEmpty();
    }

    [Fact]
    public async Task Current_image_whose_signature_is_not_this_runs_key_is_rebuilt_not_pulled_and_says_why_and_its_children_follow()
    {
        PublishedEarlier();
        const string why = "the signature (registry.test/cuda:sha256-manifest.sig) does not verify with the key sha256:0123 (tampered, or signed with another key)";
        registry.Tags[Runtime] = registry.Tags[Runtime] with { NotOurs = why };

        var records = await BuildAsync();

        records[Base].Status.ShouldBe(ImageBuildStatus.CurrentInRegistry);
        records[Runtime].Status.ShouldBe(ImageBuildStatus.Built);
        records[Runtime].Note.ShouldBe($"rebuilt, not reused from the registry: registry.test/cuda@sha256:manifest-{Runtime}: {why}");
        records[Devel].Status.ShouldBe(ImageBuildStatus.Built);
        records[Devel].ParentImageId.ShouldBe(records[Runtime].ImageId);
        registry.Pulls.ShouldBe([Base]);
    }

    [Fact]
    public async Task Force_builds_everything_whatever_the_registry_holds()
    {
        PublishedEarlier();

        var records = await BuildAsync(force: true);

        records.Values.ShouldAllBe(r => r.Status == ImageBuildStatus.Built);
        registry.Pulls.ShouldBeEmpty();
    }

    public void Dispose()
    {
        try { Directory.Delete(Path.GetDirectoryName(logs)!, recursive: true); } catch (IOException) { }
    }
}
