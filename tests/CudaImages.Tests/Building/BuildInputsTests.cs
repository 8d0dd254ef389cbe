using System.Formats.Tar;
using CudaImages.Bases;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;
using CudaImages.Tests.Docker;

namespace CudaImages.Tests.Building;

/// <summary>What BuildImages sends and decides before it talks to the engine.</summary>
public class BuildInputsTests
{
    static BuildPlan Plan(Action<ScratchMatrix>? change = null)
    {
        using var scratch = new ScratchMatrix();
        change?.Invoke(scratch);
        return Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All);
    }

    [Fact]
    public void Build_context_holds_the_dockerfile_and_only_the_copied_files()
    {
        using var scratch = new ScratchMatrix();
        scratch.Write("context/used.txt", "u").Write("context/unused.txt", "x")
            .Replace("templates/plain.Dockerfile.liquid", "RUN install", "COPY used.txt /etc/\nRUN install");
        var image = Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All).Find("11.8.0-base-debian12")!;

        using var tar = BuildContextTar.Create(image);
        using var reader = new TarReader(tar);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);

        names.ShouldBe(["Dockerfile", "used.txt"]);
    }

    [Fact]
    public void Build_context_is_the_same_bytes_every_time()
    {
        var image = Plan().Find("12.4.1-runtime-ubuntu22.04")!;

        using var first = BuildContextTar.Create(image);
        using var second = BuildContextTar.Create(image);

        first.ToArray().ShouldBe(second.ToArray());
    }

    [Fact]
    public void Build_context_carries_neither_the_clock_nor_the_copied_files_own_times()
    {
        using var scratch = new ScratchMatrix();
        scratch.Write("context/used.txt", "u")
            .Replace("templates/plain.Dockerfile.liquid", "RUN install", "COPY used.txt /etc/\nRUN install");
        var image = Planner.Plan(MatrixLoader.Load(scratch.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All).Find("11.8.0-base-debian12")!;
        File.SetLastWriteTimeUtc(scratch.PathOf("context/used.txt"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        using var tar = BuildContextTar.Create(image);
        using var reader = new TarReader(tar);
        var times = new List<DateTimeOffset>();
        while (reader.GetNextEntry() is { } entry) times.Add(entry.ModificationTime);

        times.ShouldBe([DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch]);
    }

    [Fact]
    public void Disk_needed_is_what_each_image_adds_over_its_parent()
    {
        var plan = Plan(m => m
            .Replace("flavors.yaml", "    smoke: [env, no-driver-in-image]\n", "    smoke: [env, no-driver-in-image]\n    size_budget: 200MB\n")
            .Replace("flavors.yaml", "    smoke: [env, kernel]\n", "    smoke: [env, kernel]\n    size_budget: 2GB\n"));
        var chain = plan.Images.Where(i => i.Tag is "11.8.0-base-debian12" or "11.8.0-runtime-debian12").ToList();

        DiskSpace.Needed(plan, chain).ShouldBe(2_000_000_000);
        DiskSpace.Needed(plan, chain.Skip(1)).ShouldBe(1_800_000_000);
    }

    sealed class EngineHolding(IReadOnlyDictionary<string, ImageInfo> images) : StandInEngine
    {
        public override Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
            Task.FromResult(images.GetValueOrDefault(reference));
    }

    static BuildOptions Options() => new(1, false, null, "", Path.GetTempPath(), "io.cudaimages");

    static BuildPlan BudgetedChain() => Plan(m => m
        .Replace("flavors.yaml", "    smoke: [env, no-driver-in-image]\n", "    smoke: [env, no-driver-in-image]\n    size_budget: 200MB\n")
        .Replace("flavors.yaml", "    smoke: [env, kernel]\n", "    smoke: [env, kernel]\n    size_budget: 2GB\n"));

    [Fact]
    public async Task Disk_needed_on_an_empty_engine_is_what_the_whole_plan_adds()
    {
        var plan = BudgetedChain();

        var needed = await DiskSpace.NeededOnAsync(new EngineHolding(new Dictionary<string, ImageInfo>()), plan, Options(), CancellationToken.None);

        needed.ShouldBe(DiskSpace.Needed(plan, plan.Images));
    }

    [Fact]
    public async Task Disk_needed_leaves_out_an_image_already_built_and_current()
    {
        var plan = BudgetedChain();
        var baseImage = plan.Find("11.8.0-base-debian12")!;
        var distroBase = new ImageInfo("sha256:distro", [baseImage.BaseImage], new Dictionary<string, string>(), 0, DateTimeOffset.UnixEpoch);
        var built = new ImageInfo("sha256:built", [baseImage.Reference], new Dictionary<string, string>
        {
            [ImageLabels.InputHash("io.cudaimages")] = baseImage.InputHash,
            [ImageLabels.ParentId("io.cudaimages")] = "sha256:distro",
        }, 0, DateTimeOffset.UnixEpoch);
        var engine = new EngineHolding(new Dictionary<string, ImageInfo> { [baseImage.BaseImage] = distroBase, [baseImage.Reference] = built });

        var needed = await DiskSpace.NeededOnAsync(engine, plan, Options(), CancellationToken.None);

        needed.ShouldBe(DiskSpace.Needed(plan, plan.Images.Where(i => i.Tag != baseImage.Tag)));
        needed.ShouldBeLessThan(DiskSpace.Needed(plan, plan.Images));
    }

    [Fact]
    public void Too_little_disk_is_a_clear_error_before_building()
    {
        var plan = Plan(m => m.Replace("flavors.yaml", "    smoke: [env, kernel]\n", "    smoke: [env, kernel]\n    size_budget: 4GB\n"));
        var engine = new EngineInfo("20.10.24", "1.41", "overlay2", "/var/lib/docker", 1_000_000_000, []);

        var error = Should.Throw<PrerequisiteException>(() => DiskSpace.Check(engine, plan, plan.Images));

        error.Message.ShouldContain("under /var/lib/docker");
        error.Message.ShouldContain("1.00 GB is free");
    }

    [Fact]
    public void Bootstrap_enables_the_distros_components_in_every_suite()
    {
        var arguments = BaseImages.MmdebstrapArguments(new Bootstrap("bookworm", "minbase", ["main", "contrib", "non-free"], null, 1747699200));

        arguments.ShouldContain("--variant=minbase");
        arguments.ShouldContain("deb http://deb.debian.org/debian bookworm main contrib non-free");
        arguments.ShouldContain("deb http://deb.debian.org/debian bookworm-updates main contrib non-free");
        arguments.ShouldContain("deb http://deb.debian.org/debian-security bookworm-security main contrib non-free");
    }

    [Fact]
    public void Build_file_keeps_records_of_images_this_run_did_not_touch()
    {
        var path = Path.Combine(Path.GetTempPath(), $"build-{Guid.NewGuid():n}.json");
        ImageBuildRecord Record(string tag, ImageBuildStatus status) => new(tag, $"cuda:{tag}", status, "sha256:1", "sha256:h", null, 1, null, null);

        BuildFile.Merge(path, [Record("a", ImageBuildStatus.Built), Record("b", ImageBuildStatus.Failed)]);
        BuildFile.Merge(path, [Record("b", ImageBuildStatus.Built)]);
        var file = BuildFile.Read(path);
        File.Delete(path);

        file.Images.Select(i => (i.Tag, i.Status)).ShouldBe([("a", ImageBuildStatus.Built), ("b", ImageBuildStatus.Built)]);
    }
}
