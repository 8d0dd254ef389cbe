using Spectre.Console;
using Spectre.Console.Rendering;

namespace CudaImages;

/// <summary>Where the targets' tables go: a terminal at its own width; CI logs, where folding every cell into 80 columns makes a table unreadable, at the table's width.</summary>
public static class ConsoleTables
{
    public static void Write(IRenderable table, int logWidth) => Write(AnsiConsole.Console, Console.IsOutputRedirected, table, logWidth);

    public static void Write(IAnsiConsole console, bool redirected, IRenderable table, int logWidth)
    {
        if (redirected) console.Profile.Width = logWidth;
        console.Write(table);
    }

    /// <summary>The text <see cref="Write(IRenderable, int)"/> would print, for printing later (a cached plan).</summary>
    public static string Render(IRenderable table, int logWidth) => Render(AnsiConsole.Console, Console.IsOutputRedirected, table, logWidth);

    public static string Render(IAnsiConsole like, bool redirected, IRenderable table, int logWidth)
    {
        var text = new StringWriter();
        var capabilities = like.Profile.Capabilities;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = capabilities.Ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = (ColorSystemSupport)capabilities.ColorSystem,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = like.Profile.Width;
        console.Profile.Capabilities.Unicode = capabilities.Unicode;
        console.Profile.Capabilities.Links = capabilities.Links;
        console.Profile.Capabilities.Legacy = capabilities.Legacy;
        Write(console, redirected, table, logWidth);
        return text.ToString();
    }

    /// <summary>What decides how a table prints here: part of a cached plan's key.</summary>
    public static string Fact(int logWidth)
    {
        var profile = AnsiConsole.Profile;
        var redirected = Console.IsOutputRedirected;
        return $"console redirected={redirected} width={(redirected ? logWidth : profile.Width)} colors={profile.Capabilities.ColorSystem} " +
               $"ansi={profile.Capabilities.Ansi} unicode={profile.Capabilities.Unicode} links={profile.Capabilities.Links} legacy={profile.Capabilities.Legacy}";
    }
}
