using System.Globalization;

namespace CudaImages.BuildEngine;

/// <summary>The arguments split into positional targets and named values: "SmokeTest --distro a b --force".</summary>
sealed record CommandLine(IReadOnlyList<string> Positional, IReadOnlyList<NamedArgument> Named)
{
    /// <summary>Positional words that came right after a switch ("--force maybe"): a typo'd true/false, unless they name a target.</summary>
    public IReadOnlyDictionary<string, NamedArgument> AfterSwitch { get; private init; } = new Dictionary<string, NamedArgument>();

    /// <summary>A flag takes at most one following true/false; anything else after it is positional again.</summary>
    public static CommandLine Parse(IReadOnlyList<string> arguments, Func<string, bool> isFlag)
    {
        var positional = new List<string>();
        var named = new List<NamedArgument>();
        var afterSwitch = new Dictionary<string, NamedArgument>();
        NamedArgument? current = null;

        foreach (var argument in arguments)
        {
            if (IsName(argument))
            {
                var (name, inlineValue) = SplitInlineValue(argument.TrimStart('-'));
                current = new NamedArgument(name, argument);
                named.Add(current);
                if (inlineValue is not null)
                    current.Values.Add(inlineValue);
                continue;
            }

            if (current is null)
                positional.Add(argument);
            else if (isFlag(current.Name) && (current.Values.Count > 0 || !bool.TryParse(argument, out _)))
            {
                positional.Add(argument);
                if (current.Values.Count == 0)
                    afterSwitch.TryAdd(argument, current);
                current = null;
            }
            else
                current.Values.Add(argument);
        }

        return new CommandLine(positional, named) { AfterSwitch = afterSwitch };
    }

    /// <summary>
    /// The values typed after the wanted names, read from the raw arguments so they can be masked before any parsing
    /// error quotes them; the first word after a name counts whatever it looks like ("--registry-password -abc").
    /// </summary>
    public static IEnumerable<string> ValuesOf(IReadOnlyList<string> arguments, Func<string, bool> isWanted)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (!IsName(arguments[i]))
                continue;
            var (name, inlineValue) = SplitInlineValue(arguments[i].TrimStart('-'));
            if (!isWanted(name))
                continue;
            if (inlineValue is not null)
                yield return inlineValue;
            for (var next = i + 1; next < arguments.Count && ((next == i + 1 && inlineValue is null) || !IsName(arguments[next])); next++)
                yield return arguments[next];
        }
    }

    static bool IsName(string argument) =>
        argument.Length > 1 && argument[0] == '-' && !double.TryParse(argument, CultureInfo.InvariantCulture, out _);

    static (string Name, string? Value) SplitInlineValue(string argument) =>
        argument.IndexOf('=') is var equals and > 0 ? (argument[..equals], argument[(equals + 1)..]) : (argument, null);
}

/// <summary>"--distro a b" as typed; a name given twice appears twice and the binder joins the values.</summary>
sealed record NamedArgument(string Name, string AsTyped)
{
    public List<string> Values { get; } = [];
}
