namespace CudaImages.BuildEngine;

/// <summary>How an exception is shown: classified ones (ExitCodeFor gave a code) by message alone, others with their type,
/// and the stack trace only at --verbosity verbose.</summary>
static class Failures
{
    public static void Report(BuildLog log, Exception exception, int? classifiedExitCode, string context)
    {
        if (classifiedExitCode is not null)
        {
            log.Error(exception.Message);
            return;
        }
        log.Error($"{context}: {exception.GetType().Name}: {exception.Message}");
        log.Debug(exception.ToString());
    }

    public static string Note(Exception exception, int? classifiedExitCode)
    {
        var firstLine = exception.Message.Split('\n', 2)[0].TrimEnd('\r');
        return classifiedExitCode is null ? $"{exception.GetType().Name}: {firstLine}" : firstLine;
    }
}
