namespace CudaImages.Rendering;

/// <summary>A Dockerfile as its template wrote it, and the files of images/context/ it copies in.</summary>
public sealed record RenderedDockerfile(string Body, IReadOnlyList<ContextFile> Context);

/// <summary>Turns an image's facts (the template model planning computed) and its template into Dockerfile text and build context.</summary>
public sealed class DockerfileRenderer(string imagesDirectory, DockerfileTemplates templates)
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, ContextFile> contextCache = new();

    static readonly System.Text.RegularExpressions.Regex BlankRuns = new(@"\n[ \t]*(\n[ \t]*)+\n", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>
    /// Renders <paramref name="template"/> with <paramref name="model"/>; <paramref name="tag"/> names the image in errors.
    /// <paramref name="generated"/> are context files planning wrote, which the Dockerfile may copy besides images/context/'s.
    /// </summary>
    public RenderedDockerfile Render(string template, Dictionary<string, object?> model, string tag, IReadOnlyList<ContextFile>? generated = null)
    {
        generated ??= [];
        var body = RenderBody(template, model, tag);
        CheckShape(template, model, tag, body);
        var copied = BuildContextFiles.Of(body, imagesDirectory, templates, template, contextCache, generated.Select(g => g.Path).ToHashSet());
        return new RenderedDockerfile(body, copied.Concat(generated).OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
    }

    /// <summary>The Dockerfile with its input hash as a label, last, so that a new commit (REVISION) does not invalidate the cached layers above.</summary>
    public static string Stamped(string body, string inputHashLabel, string inputHash) =>
        body +
        "\n# Everything above and the parent image determine this hash; an image carrying it is not rebuilt.\n" +
        "ARG REVISION=unknown\n" +
        $"LABEL org.opencontainers.image.revision=\"${{REVISION}}\" \\\n      {inputHashLabel}=\"{inputHash}\"\n";

    string RenderBody(string template, object model, string tag)
    {
        // Templates are written for reading; runs of blank lines they leave are folded into one.
        var rendered = templates.Render(template, model, tag).ReplaceLineEndings("\n");
        return BlankRuns.Replace(rendered, "\n\n").Trim('\n') + "\n";
    }

    /// <summary>
    /// The Dockerfile must have the instructions the template writes with harmless values: a value that ends a line,
    /// a quote or a continuation would add an instruction or a variable. The loader refuses such values; this is the
    /// second line of defence, for a value it did not foresee.
    /// </summary>
    void CheckShape(string template, Dictionary<string, object?> model, string tag, string body)
    {
        var harmless = HarmlessValues.Of(model, out var changed);
        if (!changed) return;
        var expected = DockerfileInstructions.Shape(RenderBody(template, harmless, tag));
        var actual = DockerfileInstructions.Shape(body);
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            if (i < expected.Count && i < actual.Count && expected[i].Shape == actual[i].Shape) continue;
            var found = i < actual.Count ? $"'{actual[i].Shape}' at its line {actual[i].Number}" : "no more instructions";
            var wanted = i < expected.Count ? $"'{expected[i].Shape}'" : "nothing more";
            throw new MatrixException([new MatrixError($"images/{DockerfileTemplates.Folder}/{template}", 1, 1,
                $"the Dockerfile of {tag} has {found} where the template writes {wanted}: a value from images/ changed its instructions",
                "a value holds a line break, quote or backslash that the template does not quote: remove it from images/, or quote it in the template (shell_word, in_double_quotes)")]);
        }
    }
}
