namespace CudaImages.Reporting;

/// <summary>
/// One answer of "which image should I use?": a task, the flavor that serves it, and the report's images of that
/// flavor — or, when the matrix has none, a plain statement that this flavor is not in it.
/// </summary>
public sealed record ImageChoice(string Task, string Flavor, string Why, IReadOnlyList<string> Tags, string? Caveat)
{
    public bool Available => Tags.Count > 0;

    /// <summary>The tasks and the flavor each needs: the smallest image that serves.</summary>
    static readonly (string Task, string[] Flavors, string Why)[] Guide =
    [
        ("Inference: running CUDA applications and models", ["runtime"], "the CUDA math libraries without the compiler: the smallest image that runs CUDA code"),
        ("Compiling CUDA code", ["devel"], "nvcc, headers and static libraries; build in it, ship on runtime (multi-stage build)"),
        ("Debugging and profiling", ["devel"], "the toolchain to rebuild with -g -lineinfo, next to the profilers"),
        ("Deep-learning inference with cuDNN", ["cudnn-runtime", "cudnn9-runtime", "cudnn8-runtime"],
            "cuDNN on runtime, pinned and held at NVIDIA's version; tagged as NVIDIA tags it (cudnn8- for cuDNN 8, cudnn9- for CUDA 12.3, cudnn- from 12.4)"),
        ("Building code against cuDNN", ["cudnn-devel", "cudnn9-devel", "cudnn8-devel"], "cuDNN and its headers on devel"),
        ("PyTorch applications", ["pytorch"], "PyTorch from its CUDA wheels on top of runtime"),
    ];

    public static IReadOnlyList<ImageChoice> For(ReportFile report) =>
        Guide.Select(g =>
        {
            var images = report.Images.Where(i => g.Flavors.Contains(i.Flavor)).ToList();
            return new ImageChoice(g.Task, g.Flavors[0], g.Why, images.Select(i => i.Tag).ToList(),
                g.Task.StartsWith("Debugging", StringComparison.Ordinal) && images.Count > 0 ? ProfilerCaveat(images) : null);
        }).ToList();

    /// <summary>Whether the devel images carry Nsight is read from the packages they install, not assumed.</summary>
    static string ProfilerCaveat(IReadOnlyList<ReportImage> images)
    {
        var withNsight = images.Where(i => i.Packages.Any(p => p.Contains("nsight", StringComparison.OrdinalIgnoreCase))).ToList();
        return withNsight.Count == images.Count
            ? "these devel images install Nsight: " + string.Join(", ", withNsight.SelectMany(i => i.Packages).Where(p => p.Contains("nsight", StringComparison.OrdinalIgnoreCase)).Distinct())
            : withNsight.Count == 0
                ? "none of these devel images installs Nsight Systems or Nsight Compute: add them in an image built FROM devel, or profile from the host"
                : "only " + string.Join(", ", withNsight.Select(i => i.Tag)) + " install Nsight; add it to the others in an image built FROM devel";
    }
}
