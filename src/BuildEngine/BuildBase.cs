using System.Linq.Expressions;

namespace CudaImages.BuildEngine;

/// <summary>The base of a build class (Nuke's NukeBuild): targets are its Target properties, parameters its [Parameter] members.</summary>
public abstract class BuildBase
{
    /// <summary>The nearest folder above the working directory that holds .nuke/, or --root.</summary>
    public AbsolutePath RootDirectory { get; internal set; }

    /// <summary>Cancelled on the first Ctrl-C; pass it to anything long-running.</summary>
    public CancellationToken CancellationToken { get; internal set; }

    public Host Host { get; internal set; }

    public bool IsServerBuild => Host != Host.Terminal;

    public bool IsLocalBuild => !IsServerBuild;

    public Verbosity Verbosity { get; internal set; } = Verbosity.Normal;

    public IReadOnlyList<ExecutableTarget> ExecutableTargets { get; internal set; } = [];

    /// <summary>The targets named on the command line, or the default target.</summary>
    public IReadOnlyList<ExecutableTarget> InvokedTargets { get; internal set; } = [];

    public IReadOnlyList<ExecutableTarget> Schedule { get; internal set; } = [];

    /// <summary>Appends Markdown to the job summary on GitHub Actions ($GITHUB_STEP_SUMMARY), secrets masked; does nothing elsewhere.</summary>
    public void AppendStepSummary(string markdown) => StepSummary?.Invoke(markdown);

    internal Action<string>? StepSummary { get; set; }

    public bool IsSucceeding => Schedule.All(target => target.Status is not (TargetStatus.Failed or TargetStatus.Aborted));

    public bool IsFailing => !IsSucceeding;

    /// <summary>Lets the build give an exception its own exit code (e.g. 2 for bad input) without the engine knowing the type;
    /// such failures print only their message.</summary>
    protected virtual int? ExitCodeFor(Exception exception) => null;

    internal int? ClassifyFailure(Exception exception) => ExitCodeFor(exception);

    /// <summary>Runs the build for this process: its arguments, environment, console and Ctrl-C.</summary>
    protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargets)
        where T : BuildBase, new() =>
        BuildRunner.RunProcess(defaultTargets);
}
