using System.Security.Cryptography;
using System.Text;
using CudaImages.Rendering;

namespace CudaImages.Planning;

/// <summary>
/// The hash of everything that determines an image: what it builds FROM (the parent's hash or the
/// base image), the rendered Dockerfile and every context file. Same inputs, same hash, on any machine.
/// </summary>
public static class InputHash
{
    const string Version = "cudaimages-input-v1";

    public static string Compute(string from, string dockerfile, IEnumerable<ContextFile> context)
    {
        var text = new StringBuilder()
            .Append(Version).Append('\n')
            .Append("from ").Append(from).Append('\n')
            .Append("dockerfile ").Append(Sha256(dockerfile.ReplaceLineEndings("\n"))).Append('\n');
        foreach (var file in context.OrderBy(f => f.Path, StringComparer.Ordinal))
            text.Append("file ").Append(file.Path).Append(' ').Append(file.Sha256).Append('\n');
        return "sha256:" + Sha256(text.ToString());
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
