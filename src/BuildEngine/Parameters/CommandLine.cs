using System.Globalization;

namespace CudaImages.BuildEngine;

/// <summary>The arguments split into positional targets and named values: "SmokeTest --distro a b --force".</summary>
internal sealed record CommandLine(IReadOnlyList<string> Positional, IReadOnlyList<NamedArgument> Named)
{
    /// <summary>A flag takes at most one following true/false; anything else after it is positional again.</summary>
    public static CommandLine Parse(IReadOnlyList<string> arguments, Func<string, bool> isFlag)
    {
        var positional = new List<string>();
        var named = new List<NamedArgument>();
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
                current = null;
            }
            else
                current.Values.Add(argument);
        }

        return new CommandLine(positional, named);
    }

    private static bool IsName(string argument) =>
        argument.Length > 1 && argument[0] == '-' && !double.TryParse(argument, CultureInfo.InvariantCulture, out _);

    private static (string Name, string? Value) SplitInlineValue(string argument) =>
        argument.IndexOf('=') is var equals and > 0 ? (argument[..equals], argument[(equals + 1)..]) : (argument, null);
}

/// <summary>"--distro a b" as typed; a name given twice appears twice and the binder joins the values.</summary>
internal sealed record NamedArgument(string Name, string AsTyped)
{
    public List<string> Values { get; } = [];
}
