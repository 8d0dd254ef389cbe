namespace CudaImages.Planning;

/// <summary>Shell-style tag globs for --image: * any run of characters, ? one character.</summary>
public static class Glob
{
    /// <summary>
    /// Two pointers, backtracking only to the last star: at most pattern × text steps, so a pattern like
    /// *a*a*a*a*b against a long tag answers at once instead of trying every split.
    /// </summary>
    public static bool Matches(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || (pattern[p] != '*' && pattern[p] == text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                // The last star swallows one more character; earlier stars never need to move.
                p = star + 1;
                t = ++resume;
            }
            else
                return false;
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}
