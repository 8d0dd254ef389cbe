using CudaImages.Building;
using CudaImages.Planning;
using CudaImages.Releasing;
using CudaImages.Sizes;
using CudaImages.Smoke;

namespace CudaImages.Tests.Artifacts;

/// <summary>Artifact and report JSON is read bounded and validated: every refusal names the file and what is wrong with it.</summary>
public sealed class ArtifactReadingTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("cudaimages-artifacts-").FullName;

    string Write(string name, string json)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    const string Image = """
        { "tag": "11.8.0-base-debian12", "reference": "cuda:11.8.0-base-debian12", "aliases": [], "flavor": "base", "cuda": "11.8.0",
          "distro": "debian12", "packageSource": "debian", "baseImage": "debian:12", "inputHash": "abc", "packages": [], "libraries": [],
          "smokeChecks": [], "requireCuda": "cuda>=11.8", "minimumDriver": "520.61.05", "compatibilityDriver": "450.80.02",
          "architectures": [], "ptxArchitectures": [], "needsGpu": false, "dockerfile": "images/11.8.0-base-debian12/Dockerfile" }
        """;

    static string Plan(string image, int schema = 1) =>
        $$"""{ "schemaVersion": {{schema}}, "repository": "cuda", "selection": "all", "images": [ {{image}} ] }""";

    [Fact]
    public void A_whole_plan_file_is_read()
    {
        var plan = PlanFile.Read(Write("plan.json", Plan(Image)));

        plan.Images.ShouldHaveSingleItem().Tag.ShouldBe("11.8.0-base-debian12");
    }

    [Fact]
    public void An_unknown_schema_version_is_refused_naming_the_file_and_the_version()
    {
        var path = Write("plan.json", Plan(Image, schema: 7));

        var error = Should.Throw<InvalidDataException>(() => PlanFile.Read(path));

        error.Message.ShouldBe($"{path} has schema version 7, this build reads 1; run the Plan target again");
    }

    [Fact]
    public void A_file_without_a_schema_version_is_refused_naming_the_file()
    {
        var path = Write("results.json", """{ "host": "x", "results": [] }""");

        Should.Throw<InvalidDataException>(() => SmokeResultsFile.Read(path))
            .Message.ShouldBe($"{path} has no schemaVersion, so it is not a SmokeTest artifact; run the SmokeTest target again");
    }

    [Fact]
    public void A_missing_required_field_is_named_with_the_file()
    {
        var path = Write("plan.json", Plan(Image.Replace("\"tag\": \"11.8.0-base-debian12\",", "")));

        var error = Should.Throw<InvalidDataException>(() => PlanFile.Read(path));

        error.Message.ShouldStartWith($"{path} is not a Plan artifact: ");
        error.Message.ShouldContain("'tag'");
    }

    [Fact]
    public void A_null_required_field_is_named_with_the_file_not_a_null_reference_later()
    {
        var path = Write("plan.json", Plan(Image.Replace("\"flavor\": \"base\"", "\"flavor\": null")));

        var error = Should.Throw<InvalidDataException>(() => PlanFile.Read(path));

        error.Message.ShouldStartWith($"{path} is not a Plan artifact: ");
        error.Message.ShouldContain("'flavor'");
    }

    [Fact]
    public void A_missing_list_of_records_is_named_with_the_file()
    {
        var path = Write("build.json", """{ "schemaVersion": 1 }""");

        var error = Should.Throw<InvalidDataException>(() => BuildFile.Read(path));

        error.Message.ShouldStartWith($"{path} is not a BuildImages artifact: ");
        error.Message.ShouldContain("'images'");
    }

    [Fact]
    public void A_directory_where_an_artifact_belongs_is_refused_with_a_sentence()
    {
        var path = SpecialFiles.Directory(Path.Combine(folder, "build.json"));

        Should.Throw<InvalidDataException>(() => BuildFile.Read(path)).Message.ShouldBe($"{path} is a directory, not a file");
    }

    [Fact]
    public void A_named_pipe_as_previous_report_is_refused_without_waiting_for_a_writer()
    {
        var path = SpecialFiles.Fifo(Path.Combine(folder, "report.json"));

        var error = Should.Throw<InputException>(() => PreviousReport.Read(path));

        error.Message.ShouldStartWith($"--previous-report {path} is not a report.json this build reads ({path} is a named pipe (FIFO), not a regular file)");
    }

    [Fact]
    public void Dev_zero_as_baseline_is_refused_without_reading_it()
    {
        var path = SpecialFiles.EndlessDevice(Path.Combine(folder, "sizes.json"));

        var error = Should.Throw<InputException>(() => SizeBaseline.Read(path));

        error.Message.ShouldStartWith($"--baseline {path} cannot be read as a sizes.json ({path} is a device, not a regular file)");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
