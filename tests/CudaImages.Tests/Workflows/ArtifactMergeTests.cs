using CudaImages.Building;
using CudaImages.Smoke;
using CudaImages.Workflows;

namespace CudaImages.Tests.Workflows;

public sealed class ArtifactMergeTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("cudaimages-merge-").FullName;

    string Downloads => Path.Combine(root, "downloads");
    string Artifacts => Path.Combine(root, "artifacts");

    public void Dispose() => Directory.Delete(root, recursive: true);

    static ImageBuildRecord Built(string tag) =>
        new(tag, $"cuda:{tag}", ImageBuildStatus.Built, "sha256:" + tag.Length, "sha256:input", null, 1, null, null);

    static SmokeResult Result(string image, string check, SmokeStatus status, string where) =>
        new(image, check, status, status == SmokeStatus.NotRun ? NotRunReason.NoGpu : null, 1, null, where);

    void Job(string artifact, ImageBuildRecord[] records, SmokeResult[] results, string host, params (string Tag, string Digest)[] digests)
    {
        var folder = Path.Combine(Downloads, artifact);
        if (records.Length > 0) BuildFile.Merge(Path.Combine(folder, BuildFile.RelativePath), records);
        new SmokeResultsFile(SmokeResultsFile.CurrentSchema, host, results).Write(Path.Combine(folder, SmokeResultsFile.RelativePath));
        foreach (var (tag, digest) in digests)
        {
            Directory.CreateDirectory(Path.Combine(folder, "digests"));
            File.WriteAllText(Path.Combine(folder, "digests", tag), digest + "\n");
        }
    }

    [Fact]
    public void Chains_merge_into_one_artifacts_folder_and_the_gpu_runner_verdict_replaces_not_run()
    {
        Job("build/chain-11.8.0-debian12", [Built("11.8.0-base-debian12"), Built("11.8.0-runtime-debian12")],
            [Result("11.8.0-runtime-debian12", "env", SmokeStatus.Passed, "CPU"), Result("11.8.0-runtime-debian12", "kernel", SmokeStatus.NotRun, "CPU")],
            "CPU only", ("11.8.0-base-debian12", "ghcr.io/acme/cuda@sha256:aa"), ("11.8.0-runtime-debian12", "ghcr.io/acme/cuda@sha256:bb"));
        Job("build/chain-12.4.1-debian13", [Built("12.4.1-base-debian13")],
            [Result("12.4.1-base-debian13", "env", SmokeStatus.Passed, "CPU")], "CPU only", ("12.4.1-base-debian13", "ghcr.io/acme/cuda@sha256:cc"));
        Job("gpu-smoke/gpu-smoke-11.8.0-debian12", [],
            [Result("11.8.0-runtime-debian12", "env", SmokeStatus.Failed, "H100"), Result("11.8.0-runtime-debian12", "kernel", SmokeStatus.Passed, "H100")],
            "NVIDIA H100, driver 550.54.15");

        var collected = ArtifactMerge.Collect(Downloads, Artifacts);

        collected.ShouldBe(new CollectedArtifacts(3, 3, 3, 3));
        BuildFile.Read(Path.Combine(Artifacts, BuildFile.RelativePath)).Images.Select(r => r.Tag)
            .ShouldBe(["11.8.0-base-debian12", "11.8.0-runtime-debian12", "12.4.1-base-debian13"]);
        var smoke = SmokeResultsFile.Read(Path.Combine(Artifacts, SmokeResultsFile.RelativePath));
        smoke.Host.ShouldBe("CPU only; NVIDIA H100, driver 550.54.15");
        smoke.Results.Select(r => $"{r.Image} {r.Check} {r.Status} {r.Where}").ShouldBe(
        [
            "11.8.0-runtime-debian12 env Failed H100",     // a failure anywhere is a failure
            "11.8.0-runtime-debian12 kernel Passed H100",  // the GPU runner ran what the CPU runner could not
            "12.4.1-base-debian13 env Passed CPU",
        ]);
        File.ReadAllText(Path.Combine(Artifacts, "digests", "11.8.0-runtime-debian12")).Trim().ShouldBe("ghcr.io/acme/cuda@sha256:bb");
        Directory.GetFiles(Path.Combine(Artifacts, "digests")).Length.ShouldBe(3);
    }

    [Fact]
    public void Missing_downloads_folder_says_what_to_do()
    {
        var error = Should.Throw<DirectoryNotFoundException>(() => ArtifactMerge.Collect(Downloads, Artifacts));

        error.Message.ShouldContain("download the jobs' artifacts there first");
    }
}
