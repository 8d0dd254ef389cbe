using CudaImages.Loading;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Tests.Smoke;

/// <summary>A check a site adds: it passes without starting a container.</summary>
sealed class LintCheck(bool needsGpu = false) : ISmokeCheck
{
    public const string Passed = "lint: nothing to say";

    public SmokeCheckDescriptor Descriptor { get; } = new("lint", needsGpu);

    public Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken) =>
        Task.FromResult(context.Passed(Descriptor.Name, Passed, 0));
}

public class SmokeCheckRegistryTests
{
    // The base flavor of the tiny fixture declares the added check; planning reads the scratch folder too.
    static T WithLint<T>(SmokeCheckCatalogue checks, Func<ImageMatrix, T> use)
    {
        using var scratch = new ScratchMatrix().Replace("flavors.yaml", "smoke: [env, no-driver-in-image]", "smoke: [env, no-driver-in-image, lint]");
        return use(MatrixLoader.Load(scratch.Directory, checks));
    }

    [Fact]
    public void Default_registry_holds_every_check_once_and_marks_the_gpu_checks()
    {
        var catalogue = SmokeCheckRegistry.Default.Catalogue;

        catalogue.Names.ShouldBe(["env", "cuda-libs", "nvcc", "kernel", "nvidia-smi", "no-driver-in-image", "framework", "layout", "cmake", "cudnn"]);
        catalogue.All.Where(c => c.NeedsGpu).Select(c => c.Name).ShouldBe(["kernel", "nvidia-smi", "framework"]);
    }

    [Fact]
    public void Check_added_to_the_registry_is_accepted_by_the_loader() =>
        WithLint(SmokeCheckRegistry.Default.With(new LintCheck()).Catalogue, matrix => matrix.Flavor("base").SmokeChecks)
            .ShouldBe(["env", "no-driver-in-image", "lint"]);

    [Fact]
    public void Check_missing_from_the_registry_is_a_located_error_from_the_loader()
    {
        var error = Should.Throw<MatrixException>(() => WithLint(SmokeCheckRegistry.Default.Catalogue, matrix => matrix));

        error.Errors.Single().Message.ShouldBe("unknown smoke check 'lint'");
    }

    [Fact]
    public void Gpu_check_added_to_the_registry_makes_its_images_need_a_gpu_runner()
    {
        var plan = WithLint(SmokeCheckRegistry.Default.With(new LintCheck(needsGpu: true)).Catalogue,
            matrix => Planner.Plan(matrix, Selection.All with { Flavors = ["base"] }));

        plan.Images.ShouldNotBeEmpty();
        plan.Images.ShouldAllBe(i => i.NeedsGpu);
    }

    [Fact]
    public void Registry_refuses_two_checks_of_one_name() =>
        Should.Throw<ArgumentException>(() => SmokeCheckRegistry.Default.With(new LintCheck(), new LintCheck()))
            .Message.ShouldStartWith("smoke check 'lint' is declared twice");
}
