using System.Linq.Expressions;
using CudaImages.BuildEngine;
using Microsoft.Extensions.Time.Testing;

namespace CudaImages.Tests.BuildEngine;

/// <summary>Runs a test build in a temporary root folder (with .nuke/) and captures what it writes.</summary>
sealed class TestRun : IDisposable
{
    readonly Dictionary<string, string> _environment = [];
    readonly StringWriter _output = new();
    bool _terminal;
    CancellationToken _cancellationToken;

    public TestRun()
    {
        Root = AbsolutePath.Create(Path.Combine(Path.GetTempPath(), "cudaimages-engine-tests", Guid.NewGuid().ToString("N")));
        (Root / ".nuke").CreateDirectory();
        WorkingDirectory = Root;
    }

    public AbsolutePath Root { get; }

    /// <summary>The build's clock: it stands still unless a target advances it, so durations are exact.</summary>
    public FakeTimeProvider Clock { get; } = new();

    public AbsolutePath WorkingDirectory { get; private set; }

    /// <summary>Everything the build wrote.</summary>
    public string Output => _output.ToString();

    public TestRun WithEnvironment(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    public TestRun OnGitHubActions() => WithEnvironment("GITHUB_ACTIONS", "true");

    public TestRun WithFile(string relativePath, string content)
    {
        var file = Root / relativePath;
        file.Parent!.Value.CreateDirectory();
        File.WriteAllText(file, content);
        return this;
    }

    public TestRun InWorkingDirectory(string relativePath)
    {
        WorkingDirectory = (Root / relativePath).CreateDirectory();
        return this;
    }

    public TestRun OnTerminal()
    {
        _terminal = true;
        return this;
    }

    public TestRun CancelledBy(CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        return this;
    }

    public BuildOutcome<T> Execute<T>(params string[] arguments)
        where T : BuildBase, new() =>
        ExecuteWithDefault<T>(null, arguments);

    public BuildOutcome<T> ExecuteWithDefault<T>(Expression<Func<T, Target>>? defaultTarget, params string[] arguments)
        where T : BuildBase, new()
    {
        var context = new RunContext
        {
            Arguments = arguments,
            Environment = _environment,
            RootDirectory = Root,
            WorkingDirectory = WorkingDirectory,
            Output = _output,
            IsTerminal = _terminal,
            CancellationToken = _cancellationToken,
            Clock = Clock,
        };
        return BuildRunner.Run<T>(context, defaultTarget is null ? [] : [defaultTarget]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; a failing Dispose would hide the test's own result.
        }
    }
}
