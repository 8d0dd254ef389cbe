using System.Collections;
using System.Text;

namespace CudaImages.BuildEngine;

/// <summary>The --help text: listed targets with descriptions and dependencies, then every parameter.</summary>
static class Help
{
    public static string Text(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<Parameter> parameters, object build)
    {
        var text = new StringBuilder();
        text.AppendLine("Usage: build [targets] [--parameter value ...]");
        text.AppendLine();
        text.AppendLine("Targets (* = default):");
        var listed = targets.Where(target => target.Listed).ToList();
        var width = listed.Select(TargetLabel).Append("").Max(label => label.Length);
        foreach (var target in listed)
            text.AppendLine($"  {TargetLabel(target).PadRight(width)}  {TargetLine(target)}".TrimEnd());

        text.AppendLine();
        text.AppendLine("Parameters:");
        foreach (var parameter in parameters.Where(parameter => !parameter.IsBuiltIn))
            AppendParameter(text, parameter, ParameterInjection.Get(build, parameter));

        text.AppendLine();
        text.AppendLine("Engine parameters:");
        foreach (var parameter in parameters.Where(parameter => parameter.IsBuiltIn))
            AppendParameter(text, parameter, parameter == BuiltInParameters.Verbosity ? Verbosity.Normal : null);
        return text.ToString();
    }

    static string TargetLabel(ExecutableTarget target) => target.IsDefault ? target.Name + " *" : target.Name;

    static string TargetLine(ExecutableTarget target)
    {
        var dependencies = target.ExecutionDependencies.Select(dependency => dependency.Name).ToList();
        var dependsOn = dependencies.Count > 0 ? $"(depends on {string.Join(", ", dependencies)})" : null;
        return string.Join(' ', new[] { target.Description, dependsOn }.Where(part => part is not null));
    }

    static void AppendParameter(StringBuilder text, Parameter parameter, object? defaultValue)
    {
        var usage = parameter.IsFlag ? parameter.DashedName : $"{parameter.DashedName} <{ValueConverter.Expected(parameter.Type)}>";
        var aliases = string.Concat(parameter.Aliases.Where(alias => alias.All(char.IsLetter)).Select(alias => $", -{alias}"));
        text.AppendLine($"  {usage}{aliases}");

        var details = new List<string> { $"env {parameter.EnvironmentName}" };
        if (Shown(defaultValue, parameter.IsSecret) is { } shown)
            details.Add($"default {shown}");
        if (parameter.IsSecret)
            details.Add("secret");
        text.AppendLine($"      {string.Join(' ', new[] { parameter.Description, $"[{string.Join("; ", details)}]" }.Where(part => part is not null))}");
    }

    static string? Shown(object? value, bool secret) => value switch
    {
        null => null,
        _ when secret => "***",
        string text => text.Length == 0 ? null : text,
        Enum choice => Names.Kebab(choice.ToString()),
        bool flag => flag ? "true" : "false",
        IEnumerable items => items.Cast<object>().Select(item => item.ToString()).ToList() is { Count: > 0 } list ? string.Join(",", list) : null,
        _ => value.ToString(),
    };
}
