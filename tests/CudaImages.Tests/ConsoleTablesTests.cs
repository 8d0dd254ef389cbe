using Spectre.Console;

namespace CudaImages.Tests;

public class ConsoleTablesTests
{
    static Table Wide => new Table().AddColumns("Image").AddRow(new string('x', 150));

    [Fact]
    public void In_a_ci_log_a_table_is_written_at_its_own_width()
    {
        var log = new TestConsole(width: 80);

        ConsoleTables.Write(log.Console, redirected: true, Wide, logWidth: 200);

        log.Console.Profile.Width.ShouldBe(200);
        log.Output.ShouldContain(new string('x', 150));
    }

    [Fact]
    public void On_a_terminal_a_table_keeps_the_terminal_width()
    {
        var terminal = new TestConsole(width: 80);

        ConsoleTables.Write(terminal.Console, redirected: false, Wide, logWidth: 200);

        terminal.Console.Profile.Width.ShouldBe(80);
        terminal.Output.ShouldNotContain(new string('x', 150));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_table_rendered_to_print_later_is_what_writing_it_prints(bool redirected)
    {
        // Not Spectre's default of 80 columns: a Render that did not take the width of the console it renders for fails.
        var written = new TestConsole(width: 100);
        var like = new TestConsole(width: 100);

        ConsoleTables.Write(written.Console, redirected, Wide, logWidth: 200);
        var rendered = ConsoleTables.Render(like.Console, redirected, Wide, logWidth: 200);

        rendered.ShouldBe(written.Output);
        like.Output.ShouldBeEmpty();
        like.Console.Profile.Width.ShouldBe(100);
    }
}
