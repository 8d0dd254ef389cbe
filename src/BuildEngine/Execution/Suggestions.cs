namespace CudaImages.BuildEngine;

/// <summary>"Did you mean …?" for a mistyped target or parameter, by edit distance.</summary>
static class Suggestions
{
    public static string Unknown(string what, string typed, IEnumerable<string> known)
    {
        var names = known.ToList();
        var closest = Closest(typed, names);
        return closest.Count > 0
            ? $"Unknown {what}. Did you mean {string.Join(" or ", closest)}?"
            : $"Unknown {what}. Known names: {string.Join(", ", names)}.";
    }

    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> known)
    {
        var wanted = Names.Comparable(typed);
        var limit = Math.Max(2, wanted.Length / 3);
        return known
            .Select(name => (Name: name, Distance: Distance(wanted, Names.Comparable(name))))
            .Where(x => x.Distance <= limit || (wanted.Length >= 3 && Names.Comparable(x.Name).StartsWith(wanted, StringComparison.Ordinal)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(x => x.Name)
            .ToList();
    }

    static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
