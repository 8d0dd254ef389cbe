using CudaImages.Loading;
using Fluid;

namespace CudaImages.Rendering;

/// <summary>The Liquid Dockerfile templates of images/templates/, parsed once and checked before anything runs.</summary>
public sealed class DockerfileTemplates
{
    public const string Folder = "templates";
    static readonly FluidParser Parser = new();

    readonly Dictionary<string, IFluidTemplate> templates;
    readonly TemplateOptions options;

    DockerfileTemplates(Dictionary<string, IFluidTemplate> templates, TemplateOptions options)
    {
        this.templates = templates;
        this.options = options;
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
        var options = new TemplateOptions { MemberAccessStrategy = new UnsafeMemberAccessStrategy() };
        var errors = new List<MatrixError>();
        var parsed = new Dictionary<string, IFluidTemplate>();
        foreach (var name in names.Distinct())
        {
            var path = Path.Combine(dir, name);
            var display = $"images/{Folder}/{name}";
            if (!File.Exists(path))
            {
                errors.Add(new MatrixError(display, 1, 1, "template not found", $"create it or fix the flavor's template key in images/flavors.yaml"));
                continue;
            }
            var text = WithPartials(File.ReadAllText(path), dir);
            if (Parser.TryParse(text, out var template, out var error))
                parsed[name] = template;
            else
                errors.Add(Located(display, error));
        }
        // Partials are parsed on use; check them here so a broken include fails before the build.
        foreach (var partial in Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "_*.liquid") : [])
            if (!Parser.TryParse(File.ReadAllText(partial), out _, out var error))
                errors.Add(Located($"images/{Folder}/{Path.GetFileName(partial)}", error));
        if (errors.Count > 0) throw new MatrixException(errors);
        return new DockerfileTemplates(parsed, options);
    }

    static readonly System.Text.RegularExpressions.Regex Include =
        new(@"\{%-?\s*include\s+'(_[A-Za-z0-9_-]+)'\s*-?%\}", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>
    /// Partials (_name.liquid) are inlined once at load: Fluid's include would read and parse the file
    /// again for every image, which dominates planning a large matrix.
    /// </summary>
    static string WithPartials(string text, string dir, int depth = 0) =>
        depth > 8 ? text : Include.Replace(text, m =>
        {
            var partial = Path.Combine(dir, m.Groups[1].Value + ".liquid");
            if (!File.Exists(partial))
                throw new MatrixException([new MatrixError($"images/{Folder}/{m.Groups[1].Value}.liquid", 1, 1,
                    "included template not found", $"create it, or fix the include of '{m.Groups[1].Value}'")]);
            return WithPartials(File.ReadAllText(partial).TrimEnd('\n'), dir, depth + 1);
        });

    public string Render(string name, object model, string displayForErrors)
    {
        var context = new TemplateContext(model, options);
        try
        {
            return templates[name].Render(context);
        }
        catch (Exception e) when (e is not MatrixException)
        {
            throw new MatrixException([new MatrixError($"images/{Folder}/{name}", 1, 1,
                $"rendering failed for {displayForErrors}: {e.Message}", "check the variables and includes the template uses")]);
        }
    }

    static MatrixError Located(string file, string error)
    {
        // Fluid reports "... at (line:column)".
        var m = System.Text.RegularExpressions.Regex.Match(error, @"\((\d+):(\d+)\)");
        var (line, column) = m.Success ? (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)) : (1, 1);
        var first = error.Split('\n')[0].Trim();
        return new MatrixError(file, line, column, $"template syntax error: {first}", "see https://shopify.github.io/liquid/ for Liquid syntax");
    }
}
