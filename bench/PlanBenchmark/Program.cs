using System.Diagnostics;
using System.Text;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Smoke;

// Usage: dotnet run -c Release --project bench/PlanBenchmark [-- --images 10000 --runs 5]
// 1. Planning the repository's full matrix in process (every flavor, cuDNN included).
// 2. Planning a generated matrix of ~10,000 images (goal: under 2 s and 500 MB peak memory).
// 3. Warm `./build.sh Plan` on the repository's full matrix (goal: median at most 0.5 s), and the same planned afresh.
var target = ArgInt("--images", 10_000);
var runs = ArgInt("--runs", 5);
var root = FindRoot();

var full = Measure(Path.Combine(root, "images"), runs);
Console.WriteLine($"plan the full matrix, {full.Images} images: median {full.Median:0.000} s over {runs} runs, of which loading images/ {full.Loading:0.000} s; CPU time {full.Cpu:0.000} s");

var generated = GenerateMatrix(Path.Combine(Path.GetTempPath(), $"cudaimages-bench-{Environment.ProcessId}", "images"), target, root);
var scale = Measure(generated, runs);
var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
Console.WriteLine($"plan {scale.Images} images: median {scale.Median:0.000} s over {runs} runs, of which loading images/ {scale.Loading:0.000} s; CPU time {scale.Cpu:0.000} s (goal < 2 s: {scale.Median / 2.0:0.00}x of budget)");
Console.WriteLine($"plan {scale.Images} images: peak working set {peakMb:0} MB (goal < 500 MB: {peakMb / 500:0.00}x of budget)");
Directory.Delete(Path.GetDirectoryName(generated)!, recursive: true);

// Warm: the build program compiled, and an earlier run with the same images/ and parameters (its plan is printed again).
// Afresh: the same, but planned as after an edit to images/ (--plan-cache-directory none), which is what the cache saves.
var cache = Path.Combine(Path.GetTempPath(), $"cudaimages-bench-plans-{Environment.ProcessId}");
foreach (var (name, arguments) in new[] { ("warm", new[] { "Plan", "--plan-cache-directory", cache }), ("afresh", new[] { "Plan", "--plan-cache-directory", "none" }) })
{
    var times = new List<double>();
    var cpu = new List<double>();
    RunBuild(root, arguments); // compiles the build program if needed, and fills the cache
    for (var i = 0; i < 10; i++)
    {
        var before = ChildrenCpuSeconds();
        times.Add(RunBuild(root, arguments));
        cpu.Add(ChildrenCpuSeconds() - before);
    }
    var median = Median(times);
    Console.WriteLine($"{name} ./build.sh Plan (full matrix, {full.Images} images): median {median:0.000} s over 10 runs, min {times.Min():0.000} s (goal <= 0.5 s: {median / 0.5:0.00}x of budget)");
    // On a busy machine the wall clock mostly measures waiting for a core; the CPU time it used does not.
    Console.WriteLine($"{name} ./build.sh Plan (full matrix): median CPU time (user + system) {Median(cpu):0.00} s; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end");
}
Directory.Delete(cache, recursive: true);
return 0;

// The CPU time of this process's children that have ended (cutime + cstime of /proc/self/stat, in clock ticks of 1/100 s).
static double ChildrenCpuSeconds()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[13]) + long.Parse(fields[14])) / 100.0;
}

// Load + plan of images/ at <paramref name="dir"/>, runs times after one run that warms the JIT: medians of the whole, of loading, and of the CPU time.
static (int Images, double Median, double Loading, double Cpu) Measure(string dir, int runs)
{
    var times = new List<double>();
    var loads = new List<double>();
    var cpu = new List<double>();
    var images = 0;
    for (var i = 0; i <= runs; i++)
    {
        var used = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var matrix = MatrixLoader.Load(dir, SmokeCheckRegistry.Default.Catalogue);
        var loaded = watch.Elapsed.TotalSeconds;
        var plan = Planner.Plan(matrix, Selection.All);
        watch.Stop();
        images = plan.Images.Count;
        if (i == 0) continue;
        times.Add(watch.Elapsed.TotalSeconds);
        loads.Add(loaded);
        cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - used).TotalSeconds);
    }
    return (images, Median(times), Median(loads), Median(cpu));
}

static double RunBuild(string root, string[] arguments)
{
    var start = new ProcessStartInfo(Path.Combine(root, "build.sh"), arguments)
    {
        WorkingDirectory = root,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    var watch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    process.StandardOutput.ReadToEnd();
    process.StandardError.ReadToEnd();
    process.WaitForExit();
    watch.Stop();
    if (process.ExitCode != 0) throw new Exception($"./build.sh {string.Join(' ', arguments)} exited {process.ExitCode}");
    return watch.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

int ArgInt(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "global.json"))) dir = dir.Parent;
    return dir?.FullName ?? throw new Exception("repository root not found");
}

// The repository's flavors and templates over synthetic releases × distros, each Ubuntu one with NVIDIA's package
// versions (as nvidia-packages.yaml gives them) and the newest cuDNN family.
static string GenerateMatrix(string dir, int target, string root)
{
    var repository = MatrixLoader.Load(Path.Combine(root, "images"), SmokeCheckRegistry.Default.Catalogue);
    Directory.CreateDirectory(dir);
    foreach (var file in new[] { "flavors.yaml", "matrix.yaml" })
        File.Copy(Path.Combine(root, "images", file), Path.Combine(dir, file));
    var templates = Path.Combine(dir, "templates");
    Directory.CreateDirectory(templates);
    foreach (var t in Directory.EnumerateFiles(Path.Combine(root, "images", "templates")))
        File.Copy(t, Path.Combine(templates, Path.GetFileName(t)));

    const int distrosPerSource = 10;
    // Per release and distro pair: base, runtime, devel and pycuda on Debian; base, runtime, devel, cudnn-runtime,
    // cudnn-devel on Ubuntu, and pytorch on the lines with wheels.
    var releases = (int)Math.Ceiling(target / (distrosPerSource * 9.3));
    var cuda = new StringBuilder("majors:\n");
    for (var major = 12; major < 12 + (releases + 99) / 100; major++) cuda.Append($"  - {{ major: {major}, compat_driver: 525.60.13 }}\n");
    cuda.Append("brands: [tesla, geforce]\nreleases:\n");
    var versions = new List<string>();
    for (var i = 0; i < releases; i++)
    {
        var version = $"{12 + i / 100}.{i % 100 / 10}.{i % 10}";
        versions.Add(version);
        cuda.Append($"  - {{ version: {version}, min_driver: 550.54.15, architectures: [sm_80, sm_90], ptx: [sm_90], forward_compat: [470, 535] }}\n");
    }
    File.WriteAllText(Path.Combine(dir, "cuda.yaml"), cuda.ToString());

    // Every package the pinned flavors install from NVIDIA's repository, at <version>-1 (cuDNN: the cudnn family's).
    var pinned = repository.Flavors.Where(f => f.Pinned && f.CudnnFamily is null or "cudnn")
        .SelectMany(f => f.Packages.GetValueOrDefault("nvidia-apt") ?? []).Distinct().ToList();
    var pins = new StringBuilder("releases:\n");
    foreach (var version in versions)
    {
        var release = repository.Releases[0] with { Version = Semver.SemVersion.Parse(version) };
        pins.Append($"  {version}:\n");
        for (var d = 0; d < distrosPerSource; d++)
        {
            pins.Append($"    ubuntu{d}:\n      cudnn: cudnn\n      packages:\n");
            foreach (var package in pinned) pins.Append($"        {release.Expand(package)}: {version}-1\n");
        }
    }
    File.WriteAllText(Path.Combine(dir, "nvidia-packages.yaml"), pins.ToString());

    // Flavors name packages for debian12/debian13 and the two sources: distros reuse those ids' lists through their source.
    var distros = new StringBuilder(File.ReadAllText(Path.Combine(root, "images", "distros.yaml")).Split("\ndistros:")[0]);
    distros.Append("\ndistros:\n");
    var list = string.Join(", ", versions);
    for (var d = 0; d < distrosPerSource; d++)
    {
        distros.Append($"  ubuntu{d}:\n    name: Ubuntu {d}\n    base_image: ubuntu:{d}\n    package_source: nvidia-apt\n    nvidia_repo: ubuntu{d}\n    cuda: [{list}]\n");
        distros.Append($"  debian{d + 20}:\n    name: Debian {d + 20}\n    base_image: debian:{d + 20}\n    package_source: debian\n    driver_placeholder: [libcuda.so.1]\n    cuda: [{list}]\n");
    }
    File.WriteAllText(Path.Combine(dir, "distros.yaml"), distros.ToString());
    // The generated Debian distros share the debian12 package lists, keyed by their package source.
    var flavors = File.ReadAllText(Path.Combine(dir, "flavors.yaml")).Replace("      debian12: [", "      debian: [");
    flavors = System.Text.RegularExpressions.Regex.Replace(flavors, @"      debian13: \[[^\]]*\]\n", "");
    flavors = System.Text.RegularExpressions.Regex.Replace(flavors, @"version: \{ debian12: [^}]*\}", "version: 2025.1.1");
    File.WriteAllText(Path.Combine(dir, "flavors.yaml"), flavors);
    return dir;
}
