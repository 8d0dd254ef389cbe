using CudaImages.Model;

namespace CudaImages.Publishing;

/// <summary>
/// Where Publish pushes: --registry localhost:5000/cuda names host localhost:5000 and repository path cuda, and the
/// image 11.8.0-base-debian12 becomes localhost:5000/cuda:11.8.0-base-debian12. A name without a host is Docker Hub's.
/// </summary>
public sealed record RegistryRepository(string Name, string Host, string Path, Uri ApiBase)
{
    const string DockerHub = "docker.io";

    /// <summary>The engine-side reference of a tag in this repository, e.g. localhost:5000/cuda:11.8.0-base-debian12.</summary>
    public string Reference(string tag) => $"{Name}:{tag}";

    /// <summary>The server address the docker CLI files credentials under (docker login's key in config.json).</summary>
    public string CredentialKey => Host == DockerHub ? "https://index.docker.io/v1/" : Host;

    /// <exception cref="InputException">The value is not host[:port]/repository.</exception>
    public static RegistryRepository Parse(string value)
    {
        var name = value.Trim().TrimEnd('/');
        if (name.Contains("://"))
            throw new InputException($"--registry {value}: write the repository without a scheme, e.g. localhost:5000/cuda or ghcr.io/acme/cuda");
        if (!ImageName.IsRepository(name))
            throw new InputException($"--registry {value} is not an image repository: write host[:port]/repository without a tag, e.g. localhost:5000/cuda or ghcr.io/acme/cuda");

        var slash = name.IndexOf('/');
        var first = slash < 0 ? "" : name[..slash];
        if (first.Contains('.') || first.Contains(':') || first == "localhost")
        {
            var path = name[(slash + 1)..];
            if (first is DockerHub or "index.docker.io" or "registry-1.docker.io")
                return HubRepository(name, path);
            // The engine speaks plain HTTP to 127.0.0.0/8 (insecure by default); we do the same, and HTTPS everywhere else.
            return new RegistryRepository(name, first, path, new Uri($"{(Loopback.Is(first) ? "http" : "https")}://{first}/"));
        }
        return HubRepository(name, name);
    }

    static RegistryRepository HubRepository(string name, string path) =>
        new(name, DockerHub, path.Contains('/') ? path : "library/" + path, new Uri("https://registry-1.docker.io/"));

    public override string ToString() => Name;
}
