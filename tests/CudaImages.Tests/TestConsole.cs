using Spectre.Console;
using Spectre.Console.Rendering;

namespace CudaImages.Tests;

/// <summary>A console without colours that writes into a string, as a CI log would receive a table.</summary>
public sealed class TestConsole
{
    readonly StringWriter output = new();

    public TestConsole(int width = 400)
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        Console.Profile.Width = width;
    }

    public IAnsiConsole Console { get; }

    public string Output => output.ToString();

    public static string Text(IRenderable table)
    {
        var console = new TestConsole();
        console.Console.Write(table);
        return console.Output;
    }
}
