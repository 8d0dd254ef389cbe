using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class SecretTests
{
    const string Password = "hunter2-very-secret";

    sealed class LoginBuild : RecordingBuild
    {
        [Parameter("Registry password"), Secret] readonly string? RegistryPassword = null;
        [Parameter("Number of retries"), Secret] public readonly int Retries = 0;

        Target Login => _ => _.Executes(() =>
        {
            Log.Information($"logging in with {RegistryPassword}");
            Log.Warning($"warning about {RegistryPassword}");
            throw new InvalidOperationException($"login refused for password {RegistryPassword}");
        });
    }

    [Fact]
    public void A_secret_never_appears_in_logs_failures_or_the_summary()
    {
        using var run = new TestRun();

        var outcome = run.Execute<LoginBuild>("Login", "--registry-password", Password);

        outcome.ExitCode.ShouldBe(1);
        run.Output.ShouldNotContain(Password);
        run.Output.ShouldContain("logging in with ***");
        outcome.Target("Login").Note.ShouldBe("InvalidOperationException: login refused for password ***");
    }

    [Fact]
    public void A_secret_from_the_environment_is_masked_too()
    {
        using var run = new TestRun();

        run.WithEnvironment("REGISTRY_PASSWORD", Password).Execute<LoginBuild>("Login");

        run.Output.ShouldNotContain(Password);
    }

    [Fact]
    public void A_secret_is_shown_as_stars_in_help()
    {
        using var run = new TestRun();

        run.WithEnvironment("REGISTRY_PASSWORD", Password).Execute<LoginBuild>("--help");

        run.Output.ShouldNotContain(Password);
        run.Output.ShouldContain("Registry password [env REGISTRY_PASSWORD; secret]");
    }

    [Fact]
    public void Only_text_secrets_are_masked_so_numbers_in_the_log_survive()
    {
        using var run = new TestRun();

        run.Execute<LoginBuild>("Login", "--retries", "0");

        run.Output.ShouldContain("0:00");
    }

    [Fact]
    public void A_bad_secret_value_is_not_echoed()
    {
        using var run = new TestRun();

        var outcome = run.Execute<LoginBuild>("Login", "--retries", "s3cr3t-number");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldNotContain("s3cr3t-number");
        run.Output.ShouldContain("Invalid value '***' for --retries");
    }

    [Fact]
    public void A_secret_that_looks_like_a_flag_is_masked_in_the_unknown_parameter_error()
    {
        using var run = new TestRun();

        var outcome = run.Execute<LoginBuild>("Login", "--registry-password", "-flaglike-secret");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldNotContain("flaglike-secret");
        run.Output.ShouldContain("Unknown parameter '***'.");
        run.Output.ShouldContain("A value for --registry-password that starts with '-' is written --registry-password=VALUE.");
    }

    [Fact]
    public void A_secret_given_with_an_equals_sign_is_masked_before_the_arguments_are_parsed()
    {
        using var run = new TestRun();

        // The same text pasted again as a name: the unknown-parameter error would quote it.
        var outcome = run.Execute<LoginBuild>("Login", "--registry-password=-flaglike-secret", "-flaglike-secret");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldNotContain("flaglike-secret");
    }

    [Fact]
    public void A_secret_from_the_environment_is_masked_in_errors_raised_before_binding()
    {
        using var run = new TestRun();

        var outcome = run.WithEnvironment("REGISTRY_PASSWORD", "-flaglike-secret").Execute<LoginBuild>("Login", "-flaglike-secret");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldNotContain("flaglike-secret");
    }

    [Fact]
    public void A_secret_from_a_profile_is_masked_in_errors_raised_before_binding()
    {
        using var run = new TestRun();
        run.WithFile(".nuke/parameters.ci.json", """{ "RegistryPassword": "-flaglike-secret" }""");

        var outcome = run.Execute<LoginBuild>("Login", "--profile", "ci", "-flaglike-secret");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldNotContain("flaglike-secret");
    }

    [Fact]
    public void A_secret_in_parameters_json_is_masked_even_when_the_file_has_an_unknown_key()
    {
        using var run = new TestRun();
        run.WithFile(".nuke/parameters.json", """{ "RegistryPassword": "hunter2-very-secret", "hunter2-very-secret": 1 }""");

        var outcome = run.Execute<LoginBuild>("Login");

        outcome.ExitCode.ShouldBe(2);
        run.Output.ShouldNotContain(Password);
        run.Output.ShouldContain("Unknown parameter '***' in .nuke/parameters.json");
    }

    [Fact]
    public void On_GitHub_Actions_the_runner_is_told_to_mask_the_secret()
    {
        using var run = new TestRun();

        run.OnGitHubActions().Execute<LoginBuild>("Login", "--registry-password", Password);

        var lines = run.Output.Split('\n').Where(line => line.Contains(Password)).ToList();
        lines.ShouldBe([$"::add-mask::{Password}"]);
    }
}
