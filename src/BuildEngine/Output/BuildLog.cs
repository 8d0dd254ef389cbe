namespace CudaImages.BuildEngine;

/// <summary>Everything the engine and the targets write goes through here: verbosity, secret masking and host formatting.</summary>
sealed class BuildLog(TextWriter output, bool colored, Host host, Verbosity verbosity)
{
    const string Reset = "\u001b[0m";
    readonly List<string> _secrets = [];
    readonly Lock _gate = new();

    /// <summary>Settable because it is itself a parameter, known only after the others are bound.</summary>
    public Verbosity Verbosity { get; set; } = verbosity;
    public Host Host { get; } = host;
    public bool Colored { get; } = colored;

    /// <summary>From now on every line replaces the value with ***; on GitHub Actions the runner is told to mask it too.</summary>
    public void AddSecret(string value)
    {
        lock (_gate)
        {
            if (value.Length == 0 || _secrets.Contains(value))
                return;
            _secrets.Add(value);
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
        if (Host == Host.GitHubActions)
            WriteLine(GitHubActions.AddMask(value), masked: false);
    }

    public string Mask(string text)
    {
        lock (_gate)
            return _secrets.Aggregate(text, (masked, secret) => masked.Replace(secret, "***", StringComparison.Ordinal));
    }

    public void Error(string message)
    {
        if (Host == Host.GitHubActions)
            WriteLine(GitHubActions.Error(Mask(message)));
        else
            WriteLine(Paint("\u001b[31m", Prefix("ERROR: ", message)));
    }

    public void Warning(string message)
    {
        if (Verbosity < Verbosity.Minimal)
            return;
        if (Host == Host.GitHubActions)
            WriteLine(GitHubActions.Warning(Mask(message)));
        else
            WriteLine(Paint("\u001b[33m", Prefix("WARNING: ", message)));
    }

    public void Success(string message)
    {
        if (Verbosity >= Verbosity.Minimal)
            WriteLine(Paint("\u001b[32m", message));
    }

    /// <summary>The build's outcome when it did not succeed; red, but no annotation: the failing target already made one.</summary>
    public void Failure(string message)
    {
        if (Verbosity >= Verbosity.Minimal)
            WriteLine(Paint("\u001b[31m", message));
    }

    public void Information(string message)
    {
        if (Verbosity >= Verbosity.Normal)
            WriteLine(message);
    }

    public void Debug(string message)
    {
        if (Verbosity >= Verbosity.Verbose)
            WriteLine(Paint("\u001b[90m", message));
    }

    /// <summary>Help, plan and summary: printed whatever the verbosity, still masked.</summary>
    public void Text(string text) => WriteLine(text.TrimEnd('\n', '\r'));

    public void TargetStarted(string name)
    {
        if (Host == Host.GitHubActions)
            WriteLine(GitHubActions.Group(name));
        else if (Verbosity >= Verbosity.Normal)
            WriteLine(Paint("\u001b[1;36m", $"──── {name} ────"));
    }

    public void TargetFinished()
    {
        if (Host == Host.GitHubActions)
            WriteLine(GitHubActions.EndGroup());
    }

    string Prefix(string prefix, string message) => Colored ? message : prefix + message;

    string Paint(string color, string text) => Colored ? color + text + Reset : text;

    void WriteLine(string text, bool masked = true)
    {
        var line = masked ? Mask(text) : text;
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
