using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class ParameterTests
{
    public enum BaseSource
    {
        Pull,
        Bootstrap,
        Auto,
        PullOrBootstrap,
    }

    abstract class SharedParameters : RecordingBuild
    {
        [Parameter("Inherited from a base class")] public readonly string? Channel = null;
    }

    sealed class TypedBuild : SharedParameters
    {
        [Parameter("CUDA filter")] public readonly string? Cuda = null;
        [Parameter(Minimum = 1)] public readonly int Parallelism = 4;
        [Parameter] public readonly long MaxBytes = 0;
        [Parameter] public readonly bool Force = false;
        [Parameter] public readonly BaseSource BaseSource = BaseSource.Auto;
        [Parameter] public readonly string[] Distro = [];
        [Parameter] public readonly BaseSource[] Sources = [];
        [Parameter] public readonly AbsolutePath? Baseline = null;
        [Parameter] public readonly int? Retries = null;
        [Parameter] public string? Platform { get; } = "linux/amd64";
        [Parameter(Name = "CudaVersion")] public readonly string? Version = null;

        Target Plan => _ => _.Executes(() => Record(nameof(Plan)));
    }

    [Fact]
    public void Text_is_taken_as_given()
    {
        using var run = new TestRun();

        run.Execute<TypedBuild>("--cuda", "12.1").Build.Cuda.ShouldBe("12.1");
    }

    [Fact]
    public void Numbers_are_parsed()
    {
        using var run = new TestRun();

        var build = run.Execute<TypedBuild>("--parallelism", "8", "--max-bytes", "5000000000", "--retries", "3").Build;

        build.Parallelism.ShouldBe(8);
        build.MaxBytes.ShouldBe(5_000_000_000L);
        build.Retries.ShouldBe(3);
    }

    [Fact]
    public void Unset_parameters_keep_their_initializer()
    {
        using var run = new TestRun();

        var build = run.Execute<TypedBuild>().Build;

        build.Parallelism.ShouldBe(4);
        build.Platform.ShouldBe("linux/amd64");
        build.Retries.ShouldBeNull();
    }

    [Fact]
    public void A_flag_alone_means_true()
    {
        using var run = new TestRun();

        run.Execute<TypedBuild>("--force").Build.Force.ShouldBeTrue();
    }

    [Fact]
    public void A_flag_may_be_given_false_explicitly()
    {
        using var run = new TestRun();

        run.WithEnvironment("FORCE", "true").Execute<TypedBuild>("--force", "false").Build.Force.ShouldBeFalse();
    }

    [Fact]
    public void A_target_after_a_flag_is_still_a_target()
    {
        using var run = new TestRun();

        var outcome = run.Execute<TypedBuild>("--force", "Plan");

        outcome.Build.Force.ShouldBeTrue();
        outcome.Build.Ran.ShouldBe(["Plan"]);
    }

    [Theory]
    [InlineData("pull", BaseSource.Pull)]
    [InlineData("BOOTSTRAP", BaseSource.Bootstrap)]
    [InlineData("pull-or-bootstrap", BaseSource.PullOrBootstrap)]
    [InlineData("PullOrBootstrap", BaseSource.PullOrBootstrap)]
    public void Enum_values_are_kebab_case_and_case_insensitive(string typed, BaseSource expected)
    {
        using var run = new TestRun();

        run.Execute<TypedBuild>("--base-source", typed).Build.BaseSource.ShouldBe(expected);
    }

    [Fact]
    public void Array_values_may_follow_the_flag_separated_by_spaces_or_commas()
    {
        using var run = new TestRun();

        var build = run.Execute<TypedBuild>("--distro", "ubuntu24.04", "rockylinux9,ubi9", "--sources", "pull,bootstrap").Build;

        build.Distro.ShouldBe(["ubuntu24.04", "rockylinux9", "ubi9"]);
        build.Sources.ShouldBe([BaseSource.Pull, BaseSource.Bootstrap]);
    }

    [Fact]
    public void A_repeated_array_flag_gathers_all_values()
    {
        using var run = new TestRun();

        run.Execute<TypedBuild>("--distro", "a", "--distro", "b").Build.Distro.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void A_relative_path_on_the_command_line_is_resolved_against_the_working_directory()
    {
        using var run = new TestRun();
        run.InWorkingDirectory("sub");

        var build = run.Execute<TypedBuild>("--baseline", "reports/old.json").Build;

        build.Baseline.ShouldBe(run.Root / "sub" / "reports" / "old.json");
    }

    [Fact]
    public void Get_only_properties_and_base_class_members_are_parameters_too()
    {
        using var run = new TestRun();

        var build = run.Execute<TypedBuild>("--platform", "linux/arm64", "--channel", "nightly").Build;

        build.Platform.ShouldBe("linux/arm64");
        build.Channel.ShouldBe("nightly");
    }

    [Fact]
    public void The_name_override_decides_the_flag()
    {
        using var run = new TestRun();

        run.Execute<TypedBuild>("--cuda-version", "12.4.1").Build.Version.ShouldBe("12.4.1");
    }

    [Fact]
    public void Name_value_may_be_joined_with_an_equals_sign()
    {
        using var run = new TestRun();

        run.Execute<TypedBuild>("--cuda=12.1").Build.Cuda.ShouldBe("12.1");
    }

    [Fact]
    public void A_number_that_is_not_one_names_the_parameter_and_exits_2()
    {
        using var run = new TestRun();

        var outcome = run.Execute<TypedBuild>("Plan", "--parallelism", "abc");

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain("Invalid value 'abc' for --parallelism: expected a whole number.");
    }

    [Fact]
    public void An_unknown_enum_value_lists_the_accepted_values()
    {
        using var run = new TestRun();

        var outcome = run.Execute<TypedBuild>("--base-source", "download");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("Invalid value 'download' for --base-source: expected one of pull, bootstrap, auto, pull-or-bootstrap.");
    }

    [Fact]
    public void A_single_value_parameter_given_two_values_is_bad_input()
    {
        using var run = new TestRun();

        var outcome = run.Execute<TypedBuild>("--cuda", "12.1", "12.2");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("--cuda takes one value, got 2");
    }

    [Fact]
    public void A_value_parameter_given_no_value_is_bad_input()
    {
        using var run = new TestRun();

        var outcome = run.Execute<TypedBuild>("--parallelism");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("--parallelism needs a value");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_number_below_the_minimum_names_the_parameter_and_exits_2(string typed)
    {
        using var run = new TestRun();

        var outcome = run.Execute<TypedBuild>("Plan", "--parallelism", typed);

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain($"Invalid value '{typed}' for --parallelism: expected a whole number of at least 1.");
    }

    [Fact]
    public void A_number_below_the_minimum_from_the_environment_says_where_it_came_from()
    {
        using var run = new TestRun();

        var outcome = run.WithEnvironment("PARALLELISM", "0").Execute<TypedBuild>("Plan");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("Invalid value '0' for --parallelism (from environment variable PARALLELISM): expected a whole number of at least 1.");
    }

    [Fact]
    public void A_switch_followed_by_a_word_that_is_no_target_says_the_switch_takes_true_or_false()
    {
        using var run = new TestRun();

        var outcome = run.Execute<TypedBuild>("Plan", "--force", "maybe");

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain("Invalid value 'maybe' for --force: expected true or false.");
        run.Output.ShouldNotContain("Unknown target");
    }

    [Fact]
    public void A_switch_followed_by_a_mistyped_target_suggests_the_target()
    {
        using var run = new TestRun();

        var outcome = run.Execute<TypedBuild>("--force", "Plna");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldContain("Unknown target 'Plna'. Did you mean Plan?");
    }

    [Fact]
    public void A_list_parameter_given_no_value_is_bad_input()
    {
        using var run = new TestRun();

        var outcome = run.Execute<TypedBuild>("Plan", "--distro");

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain("--distro needs a value (text[]); give one after it or leave it out.");
    }

    [Fact]
    public void The_profile_parameter_given_no_value_is_bad_input()
    {
        using var run = new TestRun();

        var outcome = run.Execute<TypedBuild>("Plan", "--profile");

        outcome.ExitCode.ShouldBe(2);
        outcome.Build.Ran.ShouldBeEmpty();
        run.Output.ShouldContain("--profile needs a value");
    }
}
