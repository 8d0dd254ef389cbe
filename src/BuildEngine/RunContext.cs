using System.Collections;

namespace CudaImages.BuildEngine;

/// <summary>Everything a build run takes from the outside world, so tests can give their own.</summary>
public sealed record RunContext
{
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Null: the nearest folder at or above WorkingDirectory that holds .nuke/. --root overrides either.</summary>
    public AbsolutePath? RootDirectory { get; init; }

    /// <summary>The search for .nuke/ stops at this folder (searched too); null: at the file system's root. Tests own the folders they search.</summary>
    public AbsolutePath? RootSearchBoundary { get; init; }

    /// <summary>Relative paths given on the command line or in the environment are resolved against it.</summary>
    public AbsolutePath WorkingDirectory { get; init; } = AbsolutePath.Create(Directory.GetCurrentDirectory());

    public required TextWriter Output { get; init; }

    /// <summary>Colors and tables only when the output is a terminal (and not on CI).</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Measures the targets' durations for the summary; tests give a fake one to see exact times.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Stands in for Ctrl-C.</summary>
    public CancellationToken CancellationToken { get; init; }

    public static RunContext FromProcess(CancellationToken cancellationToken) => new()
    {
        Arguments = System.Environment.GetCommandLineArgs().Skip(1).ToList(),
        Environment = System.Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? ""),
        Output = Console.Out,
        IsTerminal = !Console.IsOutputRedirected,
        CancellationToken = cancellationToken,
    };
}
