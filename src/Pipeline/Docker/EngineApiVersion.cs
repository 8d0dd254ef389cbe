namespace CudaImages.Docker;

/// <summary>
/// Picks the Engine API version to speak, as the docker CLI does: the engine's own version, capped at the newest
/// one the client library describes. The library sends no version when given none, so without this an old engine
/// would silently be spoken to with whatever the library assumes.
/// </summary>
static class EngineApiVersion
{
    /// <summary>Docker.DotNet.Enhanced 4.3's models are generated from the moby API 1.52 definitions.</summary>
    public static readonly Version Newest = new(1, 52);

    /// <summary>Docker 19.03: the oldest engine whose /build (version=1), /images/create and /info answers we read.</summary>
    public static readonly Version Oldest = new(1, 40);

    public static Version Negotiate(string endpoint, string? engineVersion, string? engineMinimum)
    {
        if (!Version.TryParse(engineVersion, out var engine))
            throw new EngineUnavailableException(
                $"the Docker Engine at {endpoint} reported no usable API version (\"{engineVersion}\") — is it really a Docker Engine?");

        if (Version.TryParse(engineMinimum, out var minimum) && minimum > Newest)
            throw new EngineUnavailableException(
                $"the Docker Engine at {endpoint} needs API {minimum} or newer, but this pipeline speaks at most {Newest} — update Docker.DotNet.Enhanced");

        var chosen = engine < Newest ? engine : Newest;
        if (chosen < Oldest)
            throw new EngineUnavailableException(
                $"the Docker Engine at {endpoint} speaks API {engine}, older than the {Oldest} this pipeline needs — upgrade Docker to 19.03 or newer");

        return chosen;
    }
}
