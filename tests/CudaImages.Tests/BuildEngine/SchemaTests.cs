using System.Text.Json;
using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class SchemaTests
{
    public enum Source { Pull, Bootstrap }

    sealed class SchemaBuild : RecordingBuild
    {
        [Parameter("CUDA filter")] public readonly string? Cuda = null;
        [Parameter] public readonly int Parallelism = 1;
        [Parameter] public readonly bool Force = false;
        [Parameter("Where base images come from")] public readonly Source BaseSource = Source.Pull;
        [Parameter] public readonly string[] Distro = [];

        Target Load => _ => _.Executes(() => { });
        Target SmokeTest => _ => _.Unlisted().Executes(() => { });
    }

    static JsonElement Properties(TestRun run)
    {
        var json = JsonDocument.Parse(File.ReadAllText(run.Root / ".nuke" / "build.schema.json"));
        return json.RootElement.GetProperty("properties");
    }

    [Fact]
    public void Parameters_become_schema_properties_with_types_and_descriptions()
    {
        using var run = new TestRun();

        run.Execute<SchemaBuild>("Load");

        var properties = Properties(run);
        properties.GetProperty("Cuda").GetProperty("type").GetString().ShouldBe("string");
        properties.GetProperty("Cuda").GetProperty("description").GetString().ShouldBe("CUDA filter");
        properties.GetProperty("Parallelism").GetProperty("type").GetString().ShouldBe("integer");
        properties.GetProperty("Force").GetProperty("type").GetString().ShouldBe("boolean");
        properties.GetProperty("Distro").GetProperty("items").GetProperty("type").GetString().ShouldBe("string");
    }

    [Fact]
    public void Enum_parameters_list_their_values()
    {
        using var run = new TestRun();

        run.Execute<SchemaBuild>("Load");

        var values = Properties(run).GetProperty("BaseSource").GetProperty("enum").EnumerateArray().Select(x => x.GetString());
        values.ShouldBe(["pull", "bootstrap"]);
    }

    [Fact]
    public void Target_and_skip_complete_target_names_and_engine_parameters_are_included()
    {
        using var run = new TestRun();

        run.Execute<SchemaBuild>("Load");

        var json = JsonDocument.Parse(File.ReadAllText(run.Root / ".nuke" / "build.schema.json")).RootElement;
        var targets = json.GetProperty("definitions").GetProperty("ExecutableTarget").GetProperty("enum").EnumerateArray().Select(x => x.GetString());
        targets.ShouldBe(["Load", "SmokeTest"]);
        var properties = json.GetProperty("properties");
        properties.GetProperty("Target").GetProperty("items").GetProperty("$ref").GetString().ShouldBe("#/definitions/ExecutableTarget");
        properties.GetProperty("Skip").GetProperty("type").GetString().ShouldBe("array");
        properties.GetProperty("Verbosity").GetProperty("enum").EnumerateArray().Select(x => x.GetString())
            .ShouldBe(["quiet", "minimal", "normal", "verbose"]);
        properties.TryGetProperty("Profile", out _).ShouldBeTrue();
    }

    [Fact]
    public void The_schema_is_written_only_when_its_content_changes()
    {
        using var run = new TestRun();
        run.Execute<SchemaBuild>("Load");
        var schema = run.Root / ".nuke" / "build.schema.json";
        var earlier = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(schema, earlier);

        run.Execute<SchemaBuild>("Load");

        File.GetLastWriteTimeUtc(schema).ShouldBe(earlier);
    }

    [Fact]
    public void A_stale_schema_is_rewritten()
    {
        using var run = new TestRun();
        run.WithFile(".nuke/build.schema.json", "{}");

        run.Execute<SchemaBuild>("Load");

        File.ReadAllText(run.Root / ".nuke" / "build.schema.json").ShouldContain("\"Parallelism\"");
    }
}
