using CudaImages.Publishing;

namespace CudaImages.Tests.Publishing;

public class AuthChallengeTests
{
    [Fact]
    public void Bearer_challenge_gives_realm_service_and_scope()
    {
        var challenge = AuthChallenge.Parse("Bearer", "realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/debian:pull\"");

        challenge.IsBearer.ShouldBeTrue();
        challenge.Realm.ShouldBe("https://auth.docker.io/token");
        challenge.Parameters["service"].ShouldBe("registry.docker.io");
        challenge.Parameters["scope"].ShouldBe("repository:library/debian:pull");
    }

    [Fact]
    public void Basic_challenge_with_unquoted_realm()
    {
        var challenge = AuthChallenge.Parse("basic", "realm=registry");

        challenge.IsBasic.ShouldBeTrue();
        challenge.Realm.ShouldBe("registry");
    }

    [Fact]
    public void Of_several_challenges_bearer_wins()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ParseAdd("Basic realm=\"r\"");
        response.Headers.WwwAuthenticate.ParseAdd("Bearer realm=\"https://t/token\"");

        AuthChallenge.From(response.Headers.WwwAuthenticate)!.IsBearer.ShouldBeTrue();
    }
}
