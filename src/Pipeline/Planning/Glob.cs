namespace CudaImages.Planning;

/// <summary>Shell-style tag globs for --image: * any run of characters, ? one character.</summary>
public static class Glob
{
    public static bool Matches(string pattern, string text) => Match(pattern.AsSpan(), text.AsSpan());

    static bool Match(ReadOnlySpan<char> p, ReadOnlySpan<char> t)
    {
        while (p.Length > 0)
        {
            if (p[0] == '*')
            {
                p = p[1..];
                if (p.Length == 0) return true;
                for (var i = 0; i <= t.Length; i++)
                    if (Match(p, t[i..])) return true;
                return false;
            }
            if (t.Length == 0 || (p[0] != '?' && p[0] != t[0])) return false;
            p = p[1..];
            t = t[1..];
        }
        return t.Length == 0;
    }
}
