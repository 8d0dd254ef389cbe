using Fluid;

namespace CudaImages.Rendering;

/// <summary>The Liquid Dockerfile templates of images/templates/, parsed once and checked before anything runs.</summary>
public sealed class DockerfileTemplates
{
    public const string Folder = "templates";
    static readonly FluidParser Parser = new();

    readonly Dictionary<string, IFluidTemplate> templates;
    readonly TemplateOptions options;
    // Each template's and partial's own text, by display path: where an error found in a rendered Dockerfile is looked up.
    readonly Dictionary<string, string> sources;
    readonly Dictionary<string, IReadOnlyList<string>> partialsOf;

    DockerfileTemplates(Dictionary<string, IFluidTemplate> templates, TemplateOptions options,
        Dictionary<string, string> sources, Dictionary<string, IReadOnlyList<string>> partialsOf)
    {
        this.templates = templates;
        this.options = options;
        this.sources = sources;
        this.partialsOf = partialsOf;
    }

    public static IEnumerable<string> Available(string imagesDirectory)
    {
        var dir = Path.Combine(imagesDirectory, Folder);
        return Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.liquid").Select(Path.GetFileName).Where(n => !n!.StartsWith('_')).Cast<string>()
            : [];
    }

    /// <summary>Parses the templates <paramref name="names"/>; syntax errors become matrix errors naming the template.</summary>
    public static DockerfileTemplates Load(string imagesDirectory, IEnumerable<string> names)
    {
        var dir = Path.GetFullPath(Path.Combine(imagesDirectory, Folder));
        // Bounded work: a template from a pull request may loop; a Dockerfile needs a few thousand statements at most.
        var options = new TemplateOptions { MemberAccessStrategy = new UnsafeMemberAccessStrategy(), MaxSteps = MaxSteps, MaxRecursion = MaxRecursion };
        DockerfileQuoting.Register(options);
        var errors = new List<MatrixError>();
        var parsed = new Dictionary<string, IFluidTemplate>();
        var sources = new Dictionary<string, string>();
        var partialsOf = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var name in names.Distinct())
        {
            var path = Path.Combine(dir, name);
            var display = Display(name);
            if (!File.Exists(path))
            {
                errors.Add(new MatrixError(display, 1, 1, "template not found", $"create it or fix the flavor's template key in images/flavors.yaml"));
                continue;
            }
            if (Outside(path, imagesDirectory, display) is { } outside)
            {
                errors.Add(outside);
                continue;
            }
            var text = ReadTemplate(path, display);
            sources[display] = text;
            // Parsed as written first: an error's line and column are then the template's own, not the text with partials inlined.
            if (!Parser.TryParse(text, out _, out var ownError))
            {
                errors.Add(Located(display, ownError));
                continue;
            }
            var partials = new List<string>();
            try
            {
                if (Parser.TryParse(WithPartials(text, display, dir, imagesDirectory, partials, sources), out var template, out var error))
                    parsed[name] = template;
                else
                    errors.Add(Located(display, error));
            }
            catch (MatrixException e)
            {
                errors.AddRange(e.Errors);
            }
            partialsOf[display] = partials;
        }
        // Partials are parsed on use; check them here so a broken include fails before the build.
        foreach (var partial in Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "_*.liquid") : [])
        {
            var display = Display(Path.GetFileName(partial));
            if (Outside(partial, imagesDirectory, display) is { } outside)
            {
                // One error per problem: an included one is already reported at its include.
                if (!errors.Any(e => e.Message.Contains($"the included {Path.GetFileName(partial)} ", StringComparison.Ordinal))) errors.Add(outside);
            }
            else if (!Parser.TryParse(ReadTemplate(partial, display), out _, out var error)) errors.Add(Located(display, error));
        }
        if (errors.Count > 0) throw new MatrixException(errors.Distinct().ToList());
        return new DockerfileTemplates(parsed, options, sources, partialsOf);
    }

    static string Display(string name) => $"images/{Folder}/{name}";

    /// <summary>A template that is a link leading out of images/ would put a host file into artifacts/.</summary>
    static MatrixError? Outside(string path, string imagesDirectory, string display) =>
        ContainedPath.IsInside(path, imagesDirectory) ? null
            : new MatrixError(display, 1, 1, $"leads to {ContainedPath.Real(path)}, outside images/",
                "templates must be files inside images/templates/, not links to files elsewhere");

    static readonly System.Text.RegularExpressions.Regex Include =
        new(@"\{%-?\s*include\s+'(_[A-Za-z0-9_-]+)'\s*-?%\}", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>
    /// Partials (_name.liquid) are inlined once at load: Fluid's include would read and parse the file
    /// again for every image, which dominates planning a large matrix.
    /// </summary>
    static string WithPartials(string text, string includer, string dir, string imagesDirectory, List<string> partials,
        Dictionary<string, string> sources, int depth = 0) =>
        depth > 8 ? text : Include.Replace(text, m =>
        {
            var name = m.Groups[1].Value + ".liquid";
            var partial = Path.Combine(dir, name);
            var (line, column) = LineAndColumn(text, m.Index);
            if (!File.Exists(partial))
                throw new MatrixException([new MatrixError(includer, line, column,
                    $"included template {name} not found", $"create images/{Folder}/{name}, or fix the include of '{m.Groups[1].Value}'")]);
            if (!ContainedPath.IsInside(partial, imagesDirectory))
                throw new MatrixException([new MatrixError(includer, line, column, $"the included {name} leads to {ContainedPath.Real(partial)}, outside images/",
                    "partials must be files inside images/templates/, not links to files elsewhere")]);
            var display = Display(name);
            var partialText = ReadTemplate(partial, display);
            sources[display] = partialText;
            partials.Add(display);
            return WithPartials(partialText.TrimEnd('\n'), display, dir, imagesDirectory, partials, sources, depth + 1);
        });

    static (int Line, int Column) LineAndColumn(string text, int index)
    {
        var before = text[..index];
        var line = before.Count(c => c == '\n') + 1;
        return (line, index - (before.LastIndexOf('\n') + 1) + 1);
    }

    const long MaxTemplateBytes = 1 << 20;

    /// <summary>A template's text, read only from a regular file of bounded size: a FIFO or device there must not hang Load.</summary>
    static string ReadTemplate(string path, string display) =>
        CudaImages.IO.RegularFile.Problem(path, MaxTemplateBytes) is { } problem
            ? throw new MatrixException([new MatrixError(display, 1, 1, $"{Path.GetFileName(path)} {problem}",
                "templates are regular text files of at most 1 MB: replace it with one")])
            : CudaImages.IO.RegularFile.ReadAllText(path, MaxTemplateBytes);

    public const int MaxSteps = 50_000;
    public const int MaxRecursion = 32;
    public const int MaxOutputChars = 1 << 20;

    public string Render(string name, object model, string displayForErrors)
    {
        var context = new TemplateContext(model, options);
        try
        {
            using var output = new BoundedWriter(MaxOutputChars);
            templates[name].RenderAsync(output, Fluid.NullEncoder.Default, context).AsTask().GetAwaiter().GetResult();
            return output.ToString();
        }
        catch (BoundedWriter.FullException)
        {
            throw new MatrixException([new MatrixError(Display(name), 1, 1,
                $"rendering {displayForErrors} wrote more than {MaxOutputChars / 1024} KiB", "a Dockerfile is a few KiB: check the template's loops")]);
        }
        catch (Exception e) when (e is not MatrixException)
        {
            throw new MatrixException([new MatrixError(Display(name), 1, 1,
                $"rendering failed for {displayForErrors}: {e.Message}", "check the variables and includes the template uses")]);
        }
    }

    /// <summary>
    /// An error about text the template <paramref name="name"/> wrote, located at the first line of the template or of one
    /// of its partials that holds <paramref name="text"/>; at the template's top when none does (the text came from a value).
    /// </summary>
    public MatrixError Locate(string name, string text, string message, string hint)
    {
        var display = Display(name);
        foreach (var file in partialsOf.GetValueOrDefault(display, []).Prepend(display))
        {
            var source = sources.GetValueOrDefault(file, "");
            var at = source.IndexOf(text, StringComparison.Ordinal);
            if (at < 0) continue;
            var (line, column) = LineAndColumn(source, at);
            return new MatrixError(file, line, column, message, hint);
        }
        return new MatrixError(display, 1, 1, message, hint);
    }

    static MatrixError Located(string file, string error)
    {
        // Fluid reports "... at (line:column)".
        var m = System.Text.RegularExpressions.Regex.Match(error, @"\(([0-9]+):([0-9]+)\)");
        var (line, column) = m.Success && int.TryParse(m.Groups[1].Value, out var l) && int.TryParse(m.Groups[2].Value, out var c) ? (l, c) : (1, 1);
        var first = error.Split('\n')[0].Trim();
        return new MatrixError(file, line, column, $"template syntax error: {first}", "see https://shopify.github.io/liquid/ for Liquid syntax");
    }
}

/// <summary>A text writer that refuses to grow past a limit: a runaway template stops instead of filling memory.</summary>
sealed class BoundedWriter(int maxChars) : StringWriter
{
    public sealed class FullException : Exception;

    public override void Write(char value)
    {
        if (GetStringBuilder().Length >= maxChars) throw new FullException();
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        if (GetStringBuilder().Length + count > maxChars) throw new FullException();
        base.Write(buffer, index, count);
    }

    public override void Write(string? value)
    {
        if (GetStringBuilder().Length + (value?.Length ?? 0) > maxChars) throw new FullException();
        base.Write(value);
    }
}
