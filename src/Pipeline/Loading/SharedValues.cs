using YamlDotNet.RepresentationModel;

namespace CudaImages.Loading;

/// <summary>Values that several images/ files write alike: env maps, URLs and version placeholders.</summary>
static class SharedValues
{
    static readonly string[] Placeholders = ["major", "minor", "patch", "version", "line"];

    internal static IReadOnlyList<KeyValuePair<string, string>> Environment(YamlMap map, string key = "env")
    {
        var env = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in map.Entries(key))
        {
            if (!name.Expect(ValueGrammar.EnvironmentName)) continue;
            if (value is YamlScalarNode { Value: { } text } scalar)
            {
                var envValue = new YamlValue(text, scalar, name.File);
                CheckPlaceholders(envValue);
                envValue.Expect(ValueGrammar.EnvironmentValue);
                env.Add(new(name.Text, text));
            }
            else
                name.Error($"env {name.Text} must be a single value");
        }
        return env;
    }

    /// <summary>An http(s) URL; <paramref name="placeholder"/>, where given, may stand in it for a value checked on its own.</summary>
    static string PlaceholderMeaning(string placeholder) => placeholder == "{nvidia_arch}" ? "platform's path (x86_64, sbsa)" : "distro's value";

    internal static void ExpectUrl(YamlValue url, params string[] placeholders)
    {
        var example = placeholders.Aggregate(url.Text, (text, placeholder) => text.Replace(placeholder, "x"));
        if (!ValueGrammar.Url.Accepts(example))
            url.Error(ValueGrammar.Url.Refusal(url.Text), ValueGrammar.Url.Hint + (placeholders.Length == 0 ? "" : "; " + string.Join(", ", placeholders.Select(p => $"{p} stands for the {PlaceholderMeaning(p)}"))));
    }

    internal static bool CheckPlaceholders(YamlValue value) => CheckPlaceholders(value, value.Text);

    static bool CheckPlaceholders(YamlValue? at, string text)
    {
        var known = true;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"<([^>]*)>"))
            if (!Placeholders.Contains(m.Groups[1].Value))
            {
                at?.Error($"unknown placeholder <{m.Groups[1].Value}>", $"use one of {string.Join(", ", Placeholders.Select(p => $"<{p}>"))}");
                known = false;
            }
        return known;
    }
}
