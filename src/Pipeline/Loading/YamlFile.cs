using CudaImages.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CudaImages.Loading;

/// <summary>
/// Reads one YAML file of images/ through the representation model, so that every value keeps
/// its line and column and every problem is reported where the user must fix it.
/// </summary>
public sealed class YamlFile
{
    readonly List<MatrixError> errors;

    YamlFile(string displayPath, List<MatrixError> errors)
    {
        DisplayPath = displayPath;
        this.errors = errors;
    }

    public string DisplayPath { get; }

    /// <summary>Far above what images/ needs; a bigger or deeper file is refused before it is parsed, not allowed to exhaust the process.</summary>
    public const long MaxBytes = 1 << 20;
    public const int MaxDepth = 64;

    public static YamlMap? Open(string path, string displayPath, List<MatrixError> errors)
    {
        var file = new YamlFile(displayPath, errors);
        if (RegularFile.Problem(path, MaxBytes) is { } problem)
        {
            errors.Add(RegularFile.Inspect(path).Kind == FileKind.Missing
                ? new MatrixError(displayPath, 1, 1, "file not found", "restore it from git or create it")
                : new MatrixError(displayPath, 1, 1, problem, "images/ holds regular YAML files of at most 1 MB; replace it with one"));
            return null;
        }
        try
        {
            var text = RegularFile.ReadAllText(path, MaxBytes);
            if (NestedTooDeep(text) is { } deepest)
            {
                file.Error(deepest, $"nested more than {MaxDepth} levels deep", "images/ files need a few levels of mappings and lists: flatten it");
                return null;
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                var at = stream.Documents.Count == 0 ? Mark.Empty : stream.Documents[0].RootNode.Start;
                file.Error(at, "expected a mapping at the top of the file", "see the comments at the top of the file for its shape");
                return null;
            }
            file.RefuseForbiddenCharacters(root);
            return new YamlMap(file, root, "top level");
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes its own position; ours is the one that counts.
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith('(') && cut > 0) message = message[(cut + 3)..];
            file.Error(e.Start, $"invalid YAML: {message}", message.StartsWith("Duplicate key", StringComparison.Ordinal)
                ? "a key may appear once per mapping: remove or merge the other one"
                : "check indentation and quoting near this position");
            return null;
        }
    }

    /// <summary>Where the nesting first goes past <see cref="MaxDepth"/>; read as events, which uses no stack per level.</summary>
    static Mark? NestedTooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is MappingStart or SequenceStart && ++depth > MaxDepth)
                return parser.Current.Start;
            if (parser.Current is MappingEnd or SequenceEnd)
                depth--;
        }
        return null;
    }

    /// <summary>
    /// No key or value of images/ may hold control characters or line separators: checked once here, for every
    /// scalar, so that no field can forget it (U+2028 and U+0085 become real line breaks when line endings are normalised).
    /// </summary>
    void RefuseForbiddenCharacters(YamlNode root)
    {
        var pending = new Stack<YamlNode>([root]);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case YamlScalarNode { Value: { } text } scalar when ValueGrammar.ForbiddenCharacter(text) is { } character:
                    Error(scalar, $"'{Escaped(text)}' holds {character}, which no value in images/ may contain",
                        "values end up in Dockerfiles, shell lines and tags: remove it (write a multi-line text as one line)");
                    break;
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children.Reverse()) { pending.Push(value); pending.Push(key); }
                    break;
                case YamlSequenceNode sequence:
                    foreach (var item in sequence.Children.Reverse()) pending.Push(item);
                    break;
            }
        }
    }

    /// <summary>A value as an error may show it: invisible characters as \uXXXX, long values cut.</summary>
    internal static string Escaped(string text)
    {
        var shown = text.Length > 60 ? text[..60] + "…" : text;
        var builder = new System.Text.StringBuilder();
        foreach (var c in shown)
            builder.Append(ValueGrammar.ForbiddenCharacter(c.ToString()) is null ? c.ToString() : $"\\u{(int)c:X4}");
        return builder.ToString();
    }

    internal void Error(Mark at, string message, string? hint = null) =>
        errors.Add(new MatrixError(DisplayPath, (int)Math.Max(1, at.Line), (int)Math.Max(1, at.Column), message, hint));

    internal void Error(YamlNode at, string message, string? hint = null) => Error(at.Start, message, hint);
}

/// <summary>A YAML scalar with where it stands.</summary>
public sealed record YamlValue(string Text, YamlScalarNode Node, YamlFile File)
{
    public void Error(string message, string? hint = null) => File.Error(Node, message, hint);

    /// <summary>Reports the value unless <paramref name="grammar"/> accepts it; true when it does.</summary>
    public bool Expect(Grammar grammar)
    {
        if (grammar.Accepts(Text)) return true;
        Error(grammar.Refusal(Text), grammar.Hint);
        return false;
    }
}

/// <summary>A mapping of a known shape: unknown keys are reported, with suggestions, as soon as it is opened.</summary>
public sealed class YamlMap
{
    readonly YamlFile file;
    readonly YamlMappingNode node;

    internal YamlMap(YamlFile file, YamlMappingNode node, string what)
    {
        this.file = file;
        this.node = node;
        What = what;
    }

    public string What { get; }
    public YamlFile File => file;
    public YamlNode Node => node;

    public IEnumerable<string> Keys => node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    /// <summary>Reports every key not in <paramref name="allowed"/>; returns this map for chaining.</summary>
    public YamlMap Allow(params string[] allowed)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (allowed.Contains(name)) continue;
            file.Error(key, $"unknown key '{name}' in {What}", ClosestNames.Hint(name, allowed));
            misspelt.UnionWith(ClosestNames.To(name, allowed));
        }
        return this;
    }

    // Keys that an unknown key probably meant: their absence is already explained.
    readonly HashSet<string> misspelt = [];

    void Missing(string key, string hint)
    {
        if (!misspelt.Contains(key)) file.Error(node, $"{What} is missing required key '{key}'", hint);
    }

    public void Error(string message, string? hint = null) => file.Error(node, message, hint);

    YamlNode? Child(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public YamlValue? Scalar(string key, bool required = false)
    {
        var child = Child(key);
        if (child is null)
        {
            if (required) Missing(key, $"add '{key}: ...'");
            return null;
        }
        if (child is YamlScalarNode scalar && scalar.Value is { Length: > 0 } text
            && !(scalar.Style == ScalarStyle.Plain && text is "~" or "null"))
            return new YamlValue(text, scalar, file);
        if (child is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            if (required) file.Error(child, $"'{key}' in {What} must not be empty");
            return null;
        }
        file.Error(child, $"'{key}' in {What} must be a single value, not a {Kind(child)}");
        return null;
    }

    public string? String(string key, bool required = false) => Scalar(key, required)?.Text;

    public bool HasMapping(string key) => Child(key) is YamlMappingNode;

    public bool Bool(string key, bool fallback = false)
    {
        var value = Scalar(key);
        if (value is null) return fallback;
        switch (value.Text.ToLowerInvariant())
        {
            case "true" or "yes": return true;
            case "false" or "no": return false;
            default:
                value.Error($"'{key}' must be true or false, not '{value.Text}'");
                return fallback;
        }
    }

    public IReadOnlyList<YamlValue> Scalars(string key, bool required = false)
    {
        var child = Child(key);
        if (child is null)
        {
            if (required) Missing(key, $"add '{key}: [...]'");
            return [];
        }
        if (child is YamlScalarNode single && single.Value is { Length: > 0 } text && text is not ("~" or "null"))
            return [new YamlValue(text, single, file)];
        if (child is not YamlSequenceNode sequence)
        {
            if (child is YamlScalarNode) return [];
            file.Error(child, $"'{key}' in {What} must be a list, not a {Kind(child)}");
            return [];
        }
        var values = new List<YamlValue>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } itemText } scalar)
                values.Add(new YamlValue(itemText, scalar, file));
            else
                file.Error(item, $"items of '{key}' in {What} must be single values, not a {Kind(item)}");
        }
        return values;
    }

    public YamlMap? Map(string key, string what, bool required = false)
    {
        var child = Child(key);
        if (child is null)
        {
            if (required) Missing(key, $"add '{key}:' with its entries");
            return null;
        }
        if (child is YamlMappingNode mapping) return new YamlMap(file, mapping, what);
        if (child is YamlScalarNode { Value: null or "" or "~" or "null" }) return null;
        file.Error(child, $"'{key}' in {What} must be a mapping (key: value lines), not a {Kind(child)}");
        return null;
    }

    /// <summary>Entries of a mapping whose keys are names chosen by the user (flavors, distros...).</summary>
    public IEnumerable<(YamlValue Key, YamlNode Value)> Entries(string key, bool required = false)
    {
        var child = Child(key);
        if (child is null)
        {
            if (required) Missing(key, $"add '{key}:' with its entries");
            yield break;
        }
        var empty = child is YamlScalarNode { Value: null or "" or "~" or "null" } or YamlMappingNode { Children.Count: 0 };
        if (empty)
        {
            // A required list left empty would otherwise surface later as "unknown ..." with nothing to choose from.
            if (required) file.Error(child, $"'{key}' in {What} is empty", $"add at least one entry under '{key}:'");
            yield break;
        }
        if (child is not YamlMappingNode mapping)
        {
            file.Error(child, $"'{key}' in {What} must be a mapping, not a {Kind(child)}");
            yield break;
        }
        foreach (var (k, v) in mapping.Children)
        {
            if (k is YamlScalarNode { Value: { Length: > 0 } name } scalar)
                yield return (new YamlValue(name, scalar, file), v);
            else
                file.Error(k, $"keys of '{key}' must be plain names");
        }
    }

    /// <summary>This mapping's own entries, keyed by names chosen by the user.</summary>
    public IEnumerable<(YamlValue Key, YamlNode Value)> Entries()
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is YamlScalarNode { Value: { Length: > 0 } name } scalar)
                yield return (new YamlValue(name, scalar, file), v);
            else
                file.Error(k, $"keys of {What} must be plain names");
        }
    }

    /// <summary>Items of a list of mappings (release entries, rules...).</summary>
    public IEnumerable<YamlMap> Items(string key, string what, bool required = false)
    {
        var child = Child(key);
        if (child is null)
        {
            if (required) Missing(key, $"add '{key}:' with its entries");
            yield break;
        }
        if (child is YamlScalarNode { Value: null or "" or "~" or "null" }) yield break;
        if (child is not YamlSequenceNode sequence)
        {
            file.Error(child, $"'{key}' in {What} must be a list, not a {Kind(child)}");
            yield break;
        }
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping) yield return new YamlMap(file, mapping, what);
            else file.Error(item, $"items of '{key}' must be mappings (key: value), not a {Kind(item)}");
        }
    }

    public YamlMap As(YamlNode value, string what)
    {
        if (value is YamlMappingNode mapping) return new YamlMap(file, mapping, what);
        file.Error(value, $"{what} must be a mapping (key: value lines), not a {Kind(value)}");
        return new YamlMap(file, new YamlMappingNode(), what);
    }

    public IReadOnlyList<YamlValue> ScalarsOf(YamlNode value, string what)
    {
        switch (value)
        {
            case YamlSequenceNode sequence:
                var list = new List<YamlValue>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } t } s) list.Add(new YamlValue(t, s, file));
                    else file.Error(item, $"items of {what} must be single values");
                }
                return list;
            case YamlScalarNode { Value: { Length: > 0 } text } scalar when text is not ("~" or "null"):
                return [new YamlValue(text, scalar, file)];
            case YamlScalarNode:
                return [];
            default:
                file.Error(value, $"{what} must be a list");
                return [];
        }
    }

    static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };
}
