namespace CudaImages.Model;

/// <summary>Digests, image IDs and commits shortened the way docker and git print them.</summary>
public static class Digests
{
    const string Sha256 = "sha256:";

    /// <summary>sha256:0123456789ab — the algorithm and the first 12 hex digits.</summary>
    public static string Short(string digest) =>
        digest.StartsWith(Sha256, StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;

    /// <summary>0123456789ab — the first 12 hex digits alone, for narrow table columns.</summary>
    public static string Hex12(string digest) =>
        digest.StartsWith(Sha256, StringComparison.Ordinal) && digest.Length >= 19 ? digest[7..19] : digest;

    /// <summary>A git commit's first 12 hex digits; anything else ("unknown") as it is.</summary>
    public static string Revision(string revision) =>
        revision.Length > 12 && revision.All(char.IsAsciiHexDigit) ? revision[..12] : revision;
}
