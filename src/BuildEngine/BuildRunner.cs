using System.Linq.Expressions;
using System.Text;

namespace CudaImages.BuildEngine;

/// <summary>One build run from arguments to exit code: bind parameters, schedule, check, execute, summarize.</summary>
public static class BuildRunner
{
    /// <summary>Runs a build with an explicit context (tests, tools); never touches the console or the process.</summary>
    public static BuildOutcome<T> Run<T>(RunContext context, params Expression<Func<T, Target>>[] defaultTargets)
        where T : BuildBase, new() =>
        Task.Run(() => RunAsync(context, defaultTargets)).GetAwaiter().GetResult();

    public static async Task<BuildOutcome<T>> RunAsync<T>(RunContext context, params Expression<Func<T, Target>>[] defaultTargets)
        where T : BuildBase, new()
    {
        var host = HostDetection.From(context.Environment);
        var log = new BuildLog(context.Output, context.IsTerminal && host == Host.Terminal, host, Verbosity.Normal);
        Log.Current = log;
        var build = new T
        {
            Host = host,
            CancellationToken = context.CancellationToken,
            StepSummary = host == Host.GitHubActions ? markdown => GitHubActions.AppendStepSummary(context.Environment, log.Mask(markdown)) : null,
        };
        var exitCode = await new BuildRun<T>(build, context, log, defaultTargets).Execute();
        var results = build.Schedule.Select(target => TargetResult.Of(target, log)).ToList();
        return new BuildOutcome<T>(exitCode, build, results);
    }

    internal static int RunProcess<T>(Expression<Func<T, Target>>[] defaultTargets)
        where T : BuildBase, new()
    {
        Console.OutputEncoding = Encoding.UTF8;
        using var cancellation = new CancellationTokenSource();
        var presses = 0;

        // First Ctrl-C: cancel the token and let the build wind down (assured targets, summary); second: the runtime ends the process.
        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            if (Interlocked.Increment(ref presses) > 1)
                return;
            e.Cancel = true;
            Console.Error.WriteLine("Cancelling the build; press Ctrl+C again to stop immediately.");
            cancellation.Cancel();
        }

        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            return Run(RunContext.FromProcess(cancellation.Token), defaultTargets).ExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
    }
}
