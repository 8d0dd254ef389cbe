using System.Text;
using CudaImages.Docker;
using CudaImages.Loading;
using CudaImages.Publishing;

namespace CudaImages.Tests.Publishing;

/// <summary>Credentials as the docker CLI files them: parameters, then a credential helper, then auths in config.json.</summary>
public sealed class RegistryCredentialsTests : IDisposable
{
    readonly string home = Path.Combine(Path.GetTempPath(), "cudaimages-tests", "docker-config-" + Guid.NewGuid().ToString("n")[..12]);
    readonly RegistryRepository registry = RegistryRepository.Parse("127.0.0.1:5000/cuda");

    public RegistryCredentialsTests() => Directory.CreateDirectory(Path.Combine(home, "bin"));

    public void Dispose() => Directory.Delete(home, recursive: true);

    Dictionary<string, string?> Environment() => new() { ["DOCKER_CONFIG"] = home, ["PATH"] = Path.Combine(home, "bin") };

    void Config(string json) => File.WriteAllText(Path.Combine(home, "config.json"), json);

    static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    void Helper(string name, string script)
    {
        var path = Path.Combine(home, "bin", "docker-credential-" + name);
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public void Parameters_win_over_the_docker_config()
    {
        Config($$$$"""{"auths":{"127.0.0.1:5000":{"auth":"{{{{Auth("carol", "from-config")}}}}"}}}""");

        var credential = RegistryCredentials.Resolve(registry, "alice", "from-parameters", Environment())!;

        (credential.Username, credential.Password).ShouldBe(("alice", "from-parameters"));
    }

    [Fact]
    public void Username_without_password_is_an_error_naming_both_parameters() =>
        Should.Throw<InputException>(() => RegistryCredentials.Resolve(registry, "alice", null, Environment()))
            .Message.ShouldContain("--registry-username and --registry-password go together");

    [Theory]
    [InlineData("127.0.0.1:5000")]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("https://127.0.0.1:5000/v1/")]
    public void Docker_login_entry_under_auths_is_found_whatever_form_its_key_has(string key)
    {
        Config($$$$"""{"auths":{"{{{{key}}}}":{"auth":"{{{{Auth("bob", "pa:ss")}}}}"}}}""");

        var credential = RegistryCredentials.Resolve(registry, null, null, Environment())!;

        (credential.Username, credential.Password).ShouldBe(("bob", "pa:ss"));
    }

    [Fact]
    public void No_entry_for_this_registry_means_no_credentials()
    {
        Config($$$$"""{"auths":{"ghcr.io":{"auth":"{{{{Auth("bob", "x")}}}}"}}}""");

        RegistryCredentials.Resolve(registry, null, null, Environment()).ShouldBeNull();
    }

    [Fact]
    public void Credential_helper_of_the_registry_answers_first()
    {
        Helper("cudatest", """read server; [ "$server" = "127.0.0.1:5000" ] || exit 1; echo '{"ServerURL":"127.0.0.1:5000","Username":"helper-user","Secret":"helper-secret"}'""");
        Config($$$$"""{"credHelpers":{"127.0.0.1:5000":"cudatest"},"auths":{"127.0.0.1:5000":{"auth":"{{{{Auth("bob", "x")}}}}"}}}""");

        var credential = RegistryCredentials.Resolve(registry, null, null, Environment())!;

        (credential.Username, credential.Password).ShouldBe(("helper-user", "helper-secret"));
    }

    [Fact]
    public void Credentials_store_without_an_entry_falls_back_to_auths()
    {
        Helper("emptystore", "echo 'credentials not found in native keychain'; exit 1");
        Config($$$$"""{"credsStore":"emptystore","auths":{"127.0.0.1:5000":{"auth":"{{{{Auth("bob", "x")}}}}"}}}""");

        RegistryCredentials.Resolve(registry, null, null, Environment())!.Username.ShouldBe("bob");
    }

    [Fact]
    public void A_credential_never_prints_its_password()
    {
        var credential = new RegistryCredential("alice", "hunter2-secret", "--registry-username");

        credential.ToString().ShouldNotContain("hunter2-secret");
        $"{credential}".ShouldContain("alice");
    }
}
