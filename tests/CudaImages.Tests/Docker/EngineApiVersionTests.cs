using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

public class EngineApiVersionTests
{
    const string Endpoint = "unix:///var/run/docker.sock";

    [Fact]
    public void An_older_engine_is_spoken_to_in_its_own_version() =>
        EngineApiVersion.Negotiate(Endpoint, "1.41", "1.12").ShouldBe(new Version(1, 41));

    [Fact]
    public void A_newer_engine_is_spoken_to_in_the_newest_version_the_library_knows() =>
        EngineApiVersion.Negotiate(Endpoint, "1.60", "1.44").ShouldBe(EngineApiVersion.Newest);

    [Fact]
    public void Versions_compare_as_numbers_not_text() =>
        EngineApiVersion.Negotiate(Endpoint, "1.100", null).ShouldBe(EngineApiVersion.Newest);

    [Fact]
    public void An_engine_too_old_for_the_pipeline_says_which_docker_to_install() =>
        Should.Throw<EngineUnavailableException>(() => EngineApiVersion.Negotiate(Endpoint, "1.30", "1.12"))
            .Message.ShouldBe($"the Docker Engine at {Endpoint} speaks API 1.30, older than the 1.40 this pipeline needs — upgrade Docker to 19.03 or newer");

    [Fact]
    public void An_engine_that_dropped_every_version_we_know_says_to_update_the_client() =>
        Should.Throw<EngineUnavailableException>(() => EngineApiVersion.Negotiate(Endpoint, "1.70", "1.60"))
            .Message.ShouldContain("update Docker.DotNet.Enhanced");
}
