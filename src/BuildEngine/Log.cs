namespace CudaImages.BuildEngine;

/// <summary>Logging for targets; respects --verbosity, masks secrets, and writes for the host (colors, GitHub annotations).</summary>
public static class Log
{
    static readonly AsyncLocal<BuildLog?> Running = new();
    static readonly Lazy<BuildLog> Outside = new(() => new BuildLog(Console.Out, !Console.IsOutputRedirected, Host.Terminal, Verbosity.Normal));

    // Each build run has its own log, so builds running side by side (as in tests) do not mix their output.
    internal static BuildLog Current
    {
        get => Running.Value ?? Outside.Value;
        set => Running.Value = value;
    }

    public static void Information(string message) => Current.Information(message);

    public static void Warning(string message) => Current.Warning(message);

    public static void Error(string message) => Current.Error(message);

    public static void Debug(string message) => Current.Debug(message);

    public static void Success(string message) => Current.Success(message);
}
