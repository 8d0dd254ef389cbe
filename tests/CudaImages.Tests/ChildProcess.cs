using System.Diagnostics;

namespace CudaImages.Tests;

/// <summary>A program the tests run as users do, its output collected, bounded in time so a hang fails the test rather than the suite.</summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    /// <summary>Runs <paramref name="start"/> (its output redirected here) with stdin closed; <paramref name="started"/> gets the process, e.g. so a hook can kill it.</summary>
    public static async Task<Result> RunAsync(ProcessStartInfo start, Action<Process>? started = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        started?.Invoke(process);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList.Take(2))} did not end within 5 minutes:\n{await stdout}");
        }
        return new Result(process.ExitCode, await stdout + await stderr, clock.Elapsed);
    }
}
