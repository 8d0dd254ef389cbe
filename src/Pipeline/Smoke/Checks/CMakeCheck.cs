using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using CudaImages.Building;
using CudaImages.Docker;
using CudaImages.IO;
using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>
/// A CUDA project built as users build one: in a throwaway image derived from the devel image, with CMake and make
/// installed there (never in devel), images/smoke/cmake configures with <c>enable_language(CUDA)</c> and
/// <c>find_package(CUDAToolkit)</c> and no path hints. Its C++ program, linked through CUDA::cudart and CUDA::cublas,
/// must run; its kernel runs only on a GPU and is reported as not run without one. The derived image is removed.
/// </summary>
public sealed class CMakeCheck : ISmokeCheck
{
    // Its kernel part needs a GPU, but the build and the C++ program, what the check is for, do not.
    public SmokeCheckDescriptor Descriptor { get; } = new("cmake", NeedsGpu: false);

    string Name => Descriptor.Name;

    public const string ProjectFolder = "cmake";

    static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    public async Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var tar = BuildContext(context.Image.Reference, context.SmokeSources);
        var log = new StringWriter();
        string derived;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(BuildTimeout);
            try
            {
                derived = await context.Engine.BuildImageAsync(tar, new Dictionary<string, string>(),
                    new Dictionary<string, string> { [ContainerRunRequest.Label] = "true" }, noCache: false, network: null, log, _ => { }, timeout.Token);
            }
            catch (ImageBuildException e)
            {
                return context.Failed(Name, $"the CMake build failed at {e.Step}: {e.LastLines.LastOrDefault(l => l.Trim().Length > 0)?.Trim()}",
                    log.ToString(), clock.Elapsed.TotalSeconds);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return context.Failed(Name, $"the CMake build did not finish within {BuildTimeout.TotalMinutes:0} minutes", log.ToString(), clock.Elapsed.TotalSeconds);
            }
        }
        try
        {
            var info = await context.Engine.RunContainerAsync(new ContainerRunRequest(derived, ["/build/toolkit_info"]), cancellationToken);
            var output = log + info.Output;
            if (info.TimedOut || info.ExitCode != 0)
                return context.Failed(Name, $"toolkit_info, built by CMake, exited with {info.ExitCode}: {LastLine(info.Output)}", output, clock.Elapsed.TotalSeconds);
            var built = $"CMake built the project; toolkit_info: {LastLine(info.Output)}";
            if (!context.Host.HasGpu)
                return context.Passed(Name, $"{built}; vector_add not run: no GPU", clock.Elapsed.TotalSeconds);
            var kernel = await context.Engine.RunContainerAsync(new ContainerRunRequest(derived, ["/build/vector_add"],
                Gpus: context.Gpus, Runtime: context.Runtime), cancellationToken);
            var verdict = SmokeResult.FromRun(context.Image.Tag, Name, kernel.ExitCode, kernel.Output, clock.Elapsed.TotalSeconds, context.Host);
            return verdict.Status == SmokeStatus.Passed
                ? context.Passed(Name, $"{built}; vector_add passed on the GPU", clock.Elapsed.TotalSeconds)
                : verdict with { Reason = $"{built}; vector_add: {verdict.Reason}", Output = output + kernel.Output };
        }
        finally
        {
            // The result stands whatever the clean-up says; a derived image left behind is labelled for docker image prune.
            try { await context.Engine.RemoveImageAsync(derived, CancellationToken.None); }
            catch (Exception e) when (e is EngineRequestException or EngineUnavailableException or HttpRequestException) { }
        }
    }

    /// <summary>The derived image's context: a Dockerfile FROM the image under test, the CMake project and vector_add.cu.</summary>
    public static MemoryStream BuildContext(string image, string smokeSources)
    {
        var dockerfile = $"""
            FROM {image}
            RUN set -eux; \
                apt-get update; \
                DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends cmake make; \
                rm -rf /var/lib/apt/lists/*
            COPY . /src
            RUN cmake -S /src -B /build && cmake --build /build
            """;
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
        {
            BuildContextTar.Add(writer, "Dockerfile", Encoding.UTF8.GetBytes(dockerfile + "\n"));
            foreach (var file in Directory.GetFiles(Path.Combine(smokeSources, ProjectFolder)).Order(StringComparer.Ordinal))
                BuildContextTar.Add(writer, Path.GetFileName(file), Source(file, smokeSources));
            BuildContextTar.Add(writer, "vector_add.cu", Source(Path.Combine(smokeSources, "vector_add.cu"), smokeSources));
        }
        stream.Position = 0;
        return stream;
    }

    // What enters the derived image comes from images/smoke only: no link to a host file, no FIFO, no device.
    static byte[] Source(string file, string smokeSources) =>
        ContainedPath.IsInside(file, smokeSources)
            ? RegularFile.ReadAllBytes(file, MaxSourceBytes)
            : throw new InputException($"{file} leads to {ContainedPath.Real(file)}, outside {smokeSources}: the cmake check copies only files inside images/smoke");

    const long MaxSourceBytes = 1 << 20;

    static string LastLine(string output) =>
        output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "(no output)";
}
