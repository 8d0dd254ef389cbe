using CudaImages;
using CudaImages.BuildEngine;
using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;

/// <summary>
/// The CudaImages build: ./build.sh [targets] [--parameters]. Targets are thin; the pipeline lives in src/Pipeline.
/// The whole pipeline at a glance: Load → Plan → Generate (→ BuildImages → SmokeTest → MeasureSizes → Publish → Report).
/// </summary>
partial class Build : BuildBase
{
    public static int Main() => Execute<Build>(x => x.Plan);

    [Parameter("CUDA releases to select: 12 = every 12.x, 12.1 = the newest 12.1 patch, 12.1.1 = exactly that")]
    readonly string[] Cuda = [];

    [Parameter("Distros to select, e.g. debian12 ubuntu22.04")]
    readonly string[] Distro = [];

    [Parameter("Flavors to select, e.g. runtime devel (their parents come along)")]
    readonly string[] Flavor = [];

    [Parameter("Image tags to select, as globs, e.g. '12.4.*-runtime-*'")]
    readonly string[] Image = [];

    [Parameter("Platforms to build, e.g. linux/amd64,linux/arm64 (default: this machine's platform; images/distros.yaml says which each distro offers)", Name = "Platform")]
    readonly string[] Platforms = [];

    [Parameter("Image repository for local names <repository>:<tag> (default: repository in images/matrix.yaml)")]
    readonly string? Repository;

    [Parameter("The declarative matrix to read (default: images/)")]
    readonly AbsolutePath? Images;

    [Parameter("Base images in place of images/distros.yaml's, as distro=image, e.g. ubuntu22.04=my-mirror/ubuntu:22.04 (or debian:12 standing in)")]
    readonly string[] BaseImage = [];

    [Parameter("Package repositories in place of images/distros.yaml's, as source=url, e.g. nvidia-apt=http://127.0.0.1:8080/{nvidia_repo}/x86_64/")]
    readonly string[] PackageRepository = [];

    AbsolutePath ImagesDirectory => Images ?? RootDirectory / "images";
    AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";
    Selection Selection => new(Cuda, Distro, Flavor, Image) { Platforms = Platforms };

    /// <summary>The planned platforms, in the order the plan has them.</summary>
    IReadOnlyList<CudaImages.Model.Platform> PlannedPlatforms => [.. BuildPlan.Images.Select(i => i.Platform).Distinct()];

    ImageMatrix LoadedMatrix = null!;
    BuildPlan BuildPlan = null!;

    Target Load => _ => _
        .Description("Load and validate images/: every problem with file:line:column, before anything runs")
        .Executes(() =>
        {
            if (CachedPlan() is { } cached)
            {
                ReplayedPlan = cached;
                foreach (var line in cached.LoadLines) Log.Information(line);
                Log.Information($"images/, the parameters and the build program are as in an earlier run: its plan is printed again ({PlanCaches!.PathOf(PlanKey!)}; --plan-cache-directory none plans afresh)");
                return;
            }
            // Lock writes the lock files again: one that does not parse must not stop it.
            var matrix = MatrixLoader.Load(ImagesDirectory, SmokeCheckRegistry.Default.Catalogue, rewritingLocks: InvokedTargets.Any(t => t.Name == nameof(Lock)) && !Check);
            var overrides = MatrixOverrides.Parse(matrix, BaseImage, PackageRepository);
            LoadedMatrix = overrides.ApplyTo(matrix);
            LoadLines =
            [
                .. overrides.BaseImages.Select(o => $"{o.Key}: base image {o.Value} (--base-image)"),
                .. overrides.PackageRepositories.Select(o => $"{o.Key}: repository {o.Value} (--package-repository)"),
                $"{LoadedMatrix.Releases.Count} CUDA releases, {LoadedMatrix.Distros.Count} distros, {LoadedMatrix.Flavors.Count} flavors",
            ];
            foreach (var line in LoadLines) Log.Information(line);
        });

    /// <summary>Bad input and missing prerequisites exit 2: something must be fixed before anything is built.</summary>
    protected override int? ExitCodeFor(Exception exception) => exception switch
    {
        InputException or CudaImages.Docker.EngineUnavailableException or CudaImages.Bases.PrerequisiteException => 2,
        // An artifact or file given to the build that is not what it must be (ArtifactFile, RegularFile name the file and the field).
        InvalidDataException => 2,
        // A registry's or GitHub's answer, explained in one sentence: no stack trace.
        CudaImages.Releasing.GitHubReleaseException or CudaImages.Publishing.RegistryException or CudaImages.Docker.ImagePushException => 1,
        CudaImages.Signing.SigningException or CudaImages.Publishing.Attachments.AttachmentException or CudaImages.Verifying.VerificationException => 1,
        _ => null,
    };
}
