using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace CudaImages.Publishing;

/// <summary>
/// What a registry's 401 asks for: WWW-Authenticate: Basic realm="..." or Bearer realm="https://auth/token",service="...",scope="..."
/// (the token flow of the distribution spec).
/// </summary>
public sealed partial record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);
    public string? Realm => Parameters.GetValueOrDefault("realm");

    /// <summary>The first Bearer challenge if any (it is the stronger), else the first one; null when the registry sent none.</summary>
    public static AuthChallenge? From(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        var challenges = headers.Select(h => Parse(h.Scheme, h.Parameter)).ToList();
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault();
    }

    public static AuthChallenge Parse(string scheme, string? parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Parameter().Matches(parameters ?? ""))
            values[m.Groups["name"].Value] = m.Groups["quoted"].Success ? m.Groups["quoted"].Value.Replace("\\\"", "\"") : m.Groups["token"].Value;
        return new AuthChallenge(scheme, values);
    }

    [GeneratedRegex("""(?<name>[A-Za-z0-9_-]+)\s*=\s*(?:"(?<quoted>(?:[^"\\]|\\.)*)"|(?<token>[^\s,]+))""")]
    private static partial Regex Parameter();
}
