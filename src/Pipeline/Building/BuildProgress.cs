using System.Collections.Concurrent;
using System.Diagnostics;
using CudaImages.Model;
using CudaImages.Planning;

namespace CudaImages.Building;

/// <summary>Where a build run reports which image is at which step.</summary>
public interface IBuildProgress
{
    void Started(ImageSpec image);
    void Step(ImageSpec image, string step);
    void Finished(ImageBuildRecord record);
}

/// <summary>One plain line per event with the elapsed time: readable in CI logs, where builds interleave.</summary>
public sealed class PlainBuildProgress(TextWriter output) : IBuildProgress
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly ConcurrentDictionary<string, Stopwatch> images = new();
    readonly Lock gate = new();

    public void Started(ImageSpec image)
    {
        images[image.Tag] = Stopwatch.StartNew();
        Write($"{image.Tag}: building FROM {image.Parent ?? image.BaseImage}");
    }

    public void Step(ImageSpec image, string step) =>
        Write($"{image.Tag}: {Shorten(step)} ({Elapsed(image.Tag)})");

    public void Finished(ImageBuildRecord record) => Write(record.Status switch
    {
        ImageBuildStatus.Built => $"{record.Tag}: built {Digests.Short(record.ImageId ?? "")} in {record.DurationSeconds:0.0}s" + (record.Note is { } note ? $" ({note})" : ""),
        ImageBuildStatus.Skipped => $"{record.Tag}: skipped, {record.Note}",
        ImageBuildStatus.CurrentInRegistry => $"{record.Tag}: {record.Note}",
        ImageBuildStatus.Failed => $"{record.Tag}: FAILED at {record.FailedStep}: {record.Note} (log: {record.Log})",
        _ => $"{record.Tag}: not run, {record.Note}",
    });

    string Elapsed(string tag) => images.TryGetValue(tag, out var w) ? $"{w.Elapsed.TotalSeconds:0}s" : "";

    void Write(string line)
    {
        lock (gate) output.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}");
    }

    static string Shorten(string step) => step.Length > 120 ? step[..117] + "..." : step;
}
