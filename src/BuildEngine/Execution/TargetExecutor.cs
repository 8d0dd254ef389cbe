using System.Reflection;

namespace CudaImages.BuildEngine;

/// <summary>Runs the schedule in order: a failure stops the build unless the target proceeds after failure;
/// assured targets run even after a failure or Ctrl-C.</summary>
sealed class TargetExecutor(BuildBase build, BuildLog log, TimeProvider clock, CancellationToken cancellationToken)
{
    public async Task Run(IReadOnlyList<ExecutableTarget> schedule)
    {
        ExecutableTarget? stoppedBy = null;
        foreach (var target in schedule.Where(target => target.Status == TargetStatus.Scheduled))
        {
            var stopped = stoppedBy is not null || cancellationToken.IsCancellationRequested;
            var assured = target.Definition.IsAssuredAfterFailure;
            if (stopped && !assured)
                continue;
            if (!assured && FailedDependency(target) is { } dependency)
            {
                target.Status = TargetStatus.NotRun;
                target.Note = $"{dependency.Name} did not succeed";
                continue;
            }
            if (Skipping.FalseConditions(target, target.Definition.DynamicConditions) is { } reason)
            {
                Skipping.MarkSkipped(schedule, target, reason);
                continue;
            }

            await RunTarget(target);
            if (!stopped && (target.Status == TargetStatus.Aborted ||
                             (target.Status == TargetStatus.Failed && !target.Definition.IsProceedAfterFailure)))
                stoppedBy = target;
        }

        foreach (var target in schedule.Where(target => target.Status == TargetStatus.Scheduled))
        {
            target.Status = TargetStatus.NotRun;
            target.Note = cancellationToken.IsCancellationRequested ? "build cancelled"
                : stoppedBy is not null ? $"build stopped after {stoppedBy.Name} failed"
                : null;
        }
    }

    static ExecutableTarget? FailedDependency(ExecutableTarget target) =>
        target.ExecutionDependencies.FirstOrDefault(dependency =>
            dependency.Status is TargetStatus.Failed or TargetStatus.NotRun or TargetStatus.Aborted);

    async Task RunTarget(ExecutableTarget target)
    {
        log.TargetStarted(target.Name);
        var started = clock.GetTimestamp();
        target.Status = TargetStatus.Running;
        try
        {
            foreach (var action in target.Definition.Actions)
                await action();
            target.Status = TargetStatus.Succeeded;
        }
        catch (Exception thrown) when (cancellationToken.IsCancellationRequested)
        {
            target.Status = TargetStatus.Aborted;
            target.Note = "cancelled";
            log.Warning($"{target.Name} was cancelled ({Unwrap(thrown).GetType().Name}).");
        }
        catch (Exception thrown)
        {
            var exception = Unwrap(thrown);
            target.Status = TargetStatus.Failed;
            target.FailureExitCode = build.ClassifyFailure(exception);
            target.Note = Failures.Note(exception, target.FailureExitCode);
            Failures.Report(log, exception, target.FailureExitCode, $"Target {target.Name} failed");
        }
        finally
        {
            target.Duration = clock.GetElapsedTime(started);
            log.TargetFinished();
        }
    }

    internal static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };
}
