namespace CudaImages.Rendering;

/// <summary>A Dockerfile read as its instructions: continuation lines joined, comments and blank lines left out.</summary>
public static class DockerfileInstructions
{
    /// <summary>Each instruction with the line it starts on.</summary>
    public static IEnumerable<(string Line, int Number)> Of(string dockerfile)
    {
        var lines = dockerfile.Split('\n');
        var current = new System.Text.StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (current.Length == 0)
            {
                if (line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line)) continue;
                start = i + 1;
            }
            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }
            current.Append(line);
            yield return (current.ToString().Trim(), start);
            current.Clear();
        }
        if (current.Length > 0) yield return (current.ToString().Trim(), start);
    }

    /// <summary>
    /// What an injected value could change: the keyword of each instruction, and for ENV, LABEL and ARG the names
    /// they set. "ENV A B" for an instruction ENV setting A and B.
    /// </summary>
    public static IReadOnlyList<(string Shape, int Number)> Shape(string dockerfile) =>
        Of(dockerfile).Select(i => (ShapeOf(i.Line), i.Number)).ToList();

    static string ShapeOf(string instruction)
    {
        var space = instruction.IndexOfAny([' ', '\t']);
        var keyword = (space < 0 ? instruction : instruction[..space]).ToUpperInvariant();
        if (keyword is not ("ENV" or "LABEL" or "ARG") || space < 0) return keyword;
        return keyword + " " + string.Join(' ', Words(instruction[(space + 1)..]).Select(w => w.Split('=')[0]));
    }

    /// <summary>Words split at blanks outside double quotes, with backslash escapes, as Docker splits key="value" pairs.</summary>
    static IEnumerable<string> Words(string text)
    {
        var word = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length) { word.Append(c).Append(text[++i]); continue; }
            if (c == '"') quoted = !quoted;
            if (!quoted && c is ' ' or '\t')
            {
                if (word.Length > 0) yield return word.ToString();
                word.Clear();
                continue;
            }
            word.Append(c);
        }
        if (word.Length > 0) yield return word.ToString();
    }
}
