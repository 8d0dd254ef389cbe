namespace CudaImages.Loading;

/// <summary>"Did you mean" suggestions by edit distance, so a typo gets a fix rather than a list.</summary>
public static class ClosestNames
{
    public static IReadOnlyList<string> To(string wrong, IEnumerable<string> known, int max = 3)
    {
        var scored = known
            .Distinct()
            .Select(k => (Name: k, Distance: Distance(wrong.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(s => s.Distance <= Math.Max(2, s.Name.Length / 3))
            .OrderBy(s => s.Distance).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(s => s.Name)
            .ToList();
        return scored;
    }

    public static string Hint(string wrong, IEnumerable<string> known)
    {
        var all = known.Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (all.Count == 0) return "none is defined yet: define one first, or remove this reference";
        var close = To(wrong, all);
        return close.Count > 0
            ? $"did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?"
            : $"expected one of: {string.Join(", ", all)}";
    }

    static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
