using Fluid;
using Fluid.Values;

namespace CudaImages.Rendering;

/// <summary>
/// Liquid filters that quote a value for where a template writes it — a second line of defence behind the loader's
/// grammars. Ordinary values come out unchanged, so approved Dockerfiles stay as they are.
/// </summary>
public static class DockerfileQuoting
{
    /// <summary>Registers shell_word, in_single_quotes and in_double_quotes.</summary>
    public static void Register(TemplateOptions options)
    {
        options.Filters.AddFilter("shell_word", (input, _, _) => Text(ShellWord(input.ToStringValue())));
        options.Filters.AddFilter("in_single_quotes", (input, _, _) => Text(InSingleQuotes(input.ToStringValue())));
        options.Filters.AddFilter("in_double_quotes", (input, _, _) => Text(InDoubleQuotes(input.ToStringValue())));
    }

    static ValueTask<FluidValue> Text(string text) => new(new StringValue(text));

    /// <summary>One word for sh: unchanged when every character is plain, else single-quoted.</summary>
    public static string ShellWord(string value) =>
        value.Length > 0 && value.All(IsPlainInShell) ? value : "'" + InSingleQuotes(value) + "'";

    /// <summary>For text already between single quotes in a shell line: a quote ends them, so it is written '\''.</summary>
    public static string InSingleQuotes(string value) => value.Replace("'", @"'\''");

    /// <summary>For a Dockerfile ENV or LABEL value between double quotes: quotes and backslashes escaped.</summary>
    public static string InDoubleQuotes(string value) => value.Replace(@"\", @"\\").Replace("\"", "\\\"");

    static bool IsPlainInShell(char c) => char.IsAsciiLetterOrDigit(c) || "_.,:/=+@%-".Contains(c);
}
