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
}
