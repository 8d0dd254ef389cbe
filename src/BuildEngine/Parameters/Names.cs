using System.Text;

namespace CudaImages.BuildEngine;

/// <summary>The spellings of one name: CudaVersion, --cuda-version, CUDA_VERSION.</summary>
static class Names
{
    public static string Kebab(string name) => string.Join('-', Words(name)).ToLowerInvariant();

    public static string UpperSnake(string name) => string.Join('_', Words(name)).ToUpperInvariant();

    /// <summary>The form names are compared in: "smoke-test", "SmokeTest" and "SMOKE_TEST" are the same name.</summary>
    public static string Comparable(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    // "CIBuildNumber" -> CI, Build, Number; "Sha256Sum" -> Sha256, Sum.
    static IEnumerable<string> Words(string name)
    {
        var word = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (word.Length > 0)
                    yield return word.ToString();
                word.Clear();
                continue;
            }
            var startsWord = char.IsUpper(c) && word.Length > 0 &&
                             (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord)
            {
                yield return word.ToString();
                word.Clear();
            }
            word.Append(c);
        }
        if (word.Length > 0)
            yield return word.ToString();
    }
}
