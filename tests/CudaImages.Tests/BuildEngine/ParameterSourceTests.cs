using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class ParameterSourceTests
{
    sealed class SourcedBuild : RecordingBuild
    {
        [Parameter] public readonly string? CudaVersion = "from initializer";
        [Parameter] public readonly string[] Distro = [];
        [Parameter] public readonly AbsolutePath? Baseline = null;
        [Parameter] public readonly int Parallelism = 1;

        Target Plan => _ => _.Executes(() => Record(nameof(Plan)));
    }

    [Theory]
    [InlineData("CudaVersion")]
    [InlineData("CUDA_VERSION")]
    [InlineData("NUKE_CUDA_VERSION")]
    public void The_environment_is_read_by_member_name_upper_snake_case_or_nuke_prefix(string variable)
    {
        using var run = new TestRun();

        run.WithEnvironment(variable, "12.4").Execute<SourcedBuild>().Build.CudaVersion.ShouldBe("12.4");
    }

    [Fact]
    public void The_exact_member_name_wins_over_other_spellings_in_the_environment()
    {
        using var run = new TestRun();

        var build = run.WithEnvironment("NUKE_CUDA_VERSION", "nuke").WithEnvironment("CUDA_VERSION", "snake")
            .Execute<SourcedBuild>().Build;

        build.CudaVersion.ShouldBe("snake");
    }

    [Fact]
    public void Arrays_from_the_environment_are_comma_separated()
    {
        using var run = new TestRun();

        run.WithEnvironment("DISTRO", "ubuntu24.04, ubi9").Execute<SourcedBuild>().Build.Distro.ShouldBe(["ubuntu24.04", "ubi9"]);
    }

    [Fact]
    public void Arrays_from_the_environment_may_be_separated_by_spaces()
    {
        using var run = new TestRun();

        run.WithEnvironment("DISTRO", "ubuntu24.04 ubi9").Execute<SourcedBuild>().Build.Distro.ShouldBe(["ubuntu24.04", "ubi9"]);
    }

    [Fact]
    public void A_bad_value_in_the_environment_names_the_variable()
    {
        using var run = new TestRun();

        var outcome = run.WithEnvironment("PARALLELISM", "many").Execute<SourcedBuild>();

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("Invalid value 'many' for --parallelism (from environment variable PARALLELISM)");
    }

    [Fact]
    public void The_command_line_wins_over_the_environment()
    {
        using var run = new TestRun();

        var build = run.WithEnvironment("CUDA_VERSION", "env").Execute<SourcedBuild>("--cuda-version", "cli").Build;

        build.CudaVersion.ShouldBe("cli");
    }

    [Fact]
    public void The_environment_wins_over_a_profile()
    {
        using var run = new TestRun();
        run.WithFile(".nuke/parameters.ci.json", """{ "CudaVersion": "profile" }""").WithEnvironment("CUDA_VERSION", "env");

        run.Execute<SourcedBuild>("--profile", "ci").Build.CudaVersion.ShouldBe("env");
    }

    [Fact]
    public void A_profile_wins_over_parameters_json()
    {
        using var run = new TestRun();
        run.WithFile(".nuke/parameters.json", """{ "CudaVersion": "default file", "Parallelism": 3 }""")
            .WithFile(".nuke/parameters.ci.json", """{ "CudaVersion": "profile" }""");

        var build = run.Execute<SourcedBuild>("--profile", "ci").Build;

        build.CudaVersion.ShouldBe("profile");
        build.Parallelism.ShouldBe(3);
    }

    [Fact]
    public void Parameters_json_wins_over_the_initializer_and_ignores_its_schema_key()
    {
        using var run = new TestRun();
        run.WithFile(".nuke/parameters.json", """
            {
              "$schema": "./build.schema.json",
              "CudaVersion": "file",
              "Distro": ["ubuntu24.04", "ubi9"]
            }
            """);

        var build = run.Execute<SourcedBuild>().Build;

        build.CudaVersion.ShouldBe("file");
        build.Distro.ShouldBe(["ubuntu24.04", "ubi9"]);
    }

    [Fact]
    public void Parameters_json_may_choose_the_profile()
    {
        using var run = new TestRun();
        run.WithFile(".nuke/parameters.json", """{ "Profile": ["local"] }""")
            .WithFile(".nuke/parameters.local.json", """{ "CudaVersion": "local profile" }""");

        run.Execute<SourcedBuild>().Build.CudaVersion.ShouldBe("local profile");
    }

    [Fact]
    public void Relative_paths_in_parameter_files_are_resolved_against_the_root_directory()
    {
        using var run = new TestRun();
        run.InWorkingDirectory("somewhere/else").WithFile(".nuke/parameters.json", """{ "Baseline": "reports/base.json" }""");

        run.Execute<SourcedBuild>().Build.Baseline.ShouldBe(run.Root / "reports" / "base.json");
    }

    [Fact]
    public void A_missing_profile_is_bad_input()
    {
        using var run = new TestRun();

        var outcome = run.Execute<SourcedBuild>("Plan", "--profile", "nightly");

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain("Profile 'nightly' not found: expected .nuke/parameters.nightly.json");
    }

    [Fact]
    public void An_unknown_key_in_a_parameter_file_suggests_the_closest_parameter()
    {
        using var run = new TestRun();
        run.WithFile(".nuke/parameters.json", """{ "CudaVersoin": "12.4" }""");

        var outcome = run.Execute<SourcedBuild>();

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("Unknown parameter 'CudaVersoin' in .nuke/parameters.json. Did you mean CudaVersion?");
    }

    [Fact]
    public void Engine_parameters_are_read_from_the_environment_only_with_the_nuke_prefix()
    {
        using var run = new TestRun();

        var outcome = run.WithEnvironment("TARGET", "Nothing").WithEnvironment("NUKE_VERBOSITY", "quiet").Execute<SourcedBuild>("Plan");

        outcome.ExitCode.ShouldBe(0);
        outcome.Build.Verbosity.ShouldBe(Verbosity.Quiet);
    }
}
