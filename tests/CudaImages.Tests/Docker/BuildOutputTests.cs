using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

public class BuildOutputTests
{
    readonly StringWriter log = new();
    readonly List<string> steps = [];

    BuildOutput Output(params string[] messages)
    {
        var output = new BuildOutput(log, steps.Add);
        foreach (var message in messages)
            output.Read(message);
        return output;
    }

    static string Stream(string text) => System.Text.Json.JsonSerializer.Serialize(new { stream = text });

    [Fact]
    public void Each_step_line_is_reported_and_every_line_logged()
    {
        var output = Output(Stream("Step 1/2 : FROM debian:12\n"), Stream(" ---> 20ef56c2227e\n"),
            Stream("Step 2/2 : RUN echo hi > /hi\n"), Stream(" ---> Running in 0e76c7030145\n"),
            """{"aux":{"ID":"sha256:4d5e"}}""", Stream("Successfully built 4d5e\n"));

        output.Finish().ShouldBe("sha256:4d5e");
        steps.ShouldBe(["Step 1/2 : FROM debian:12", "Step 2/2 : RUN echo hi > /hi"]);
        log.ToString().ShouldContain(" ---> Running in 0e76c7030145" + Environment.NewLine);
    }

    [Fact]
    public void Output_split_across_messages_is_logged_as_whole_lines()
    {
        var output = Output(Stream("downloading 50"), Stream("%\r\ndone\n"), Stream("tail without newline"),
            """{"aux":{"ID":"sha256:4d5e"}}""");

        output.Finish();

        log.ToString().Split(Environment.NewLine).ShouldBe(["downloading 50%", "done", "tail without newline", ""]);
    }

    [Fact]
    public void Without_an_aux_message_the_id_comes_from_successfully_built() =>
        Output(Stream("Step 1/1 : FROM debian:12\n"), Stream("Successfully built 20ef56c2227e\n")).Finish().ShouldBe("20ef56c2227e");

    [Fact]
    public void An_error_names_the_step_it_happened_in_and_keeps_the_last_lines()
    {
        var lines = Enumerable.Range(1, 30).Select(i => Stream($"line {i}\n"));
        var output = Output([Stream("Step 1/2 : FROM debian:12\n"), Stream("Step 2/2 : RUN false\n"), .. lines,
            """{"errorDetail":{"code":1,"message":"The command '/bin/sh -c false' returned a non-zero code: 1"},"error":"The command '/bin/sh -c false' returned a non-zero code: 1"}"""]);

        var failure = Should.Throw<ImageBuildException>(output.Finish);

        failure.Step.ShouldBe("Step 2/2 : RUN false");
        failure.Message.ShouldBe("The command '/bin/sh -c false' returned a non-zero code: 1");
        failure.LastLines.Count.ShouldBe(BuildOutput.KeptLines);
        failure.LastLines[^1].ShouldBe("line 30");
    }

    [Fact]
    public void An_error_without_detail_is_still_an_error() =>
        Should.Throw<ImageBuildException>(Output("""{"error":"failed to parse Dockerfile"}""").Finish)
            .Message.ShouldBe("failed to parse Dockerfile");

    [Fact]
    public void A_build_that_ends_without_an_image_is_an_error() =>
        Should.Throw<ImageBuildException>(Output(Stream("Step 1/1 : FROM debian:12\n")).Finish).Step.ShouldBe("Step 1/1 : FROM debian:12");
}
