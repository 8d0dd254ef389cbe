namespace CudaImages.BuildEngine;

/// <summary>One place parameter values come from; the binder asks them in order of precedence.</summary>
interface IParameterSource
{
    RawValue? Find(Parameter parameter);
}

/// <summary>--name values; a flag given alone means true. Relative paths are taken from the working directory, as in Nuke.</summary>
sealed class CommandLineSource(CommandLine commandLine, AbsolutePath workingDirectory) : IParameterSource
{
    public RawValue? Find(Parameter parameter)
    {
        var given = commandLine.Named.Where(argument => parameter.Matches(argument.Name)).ToList();
        if (given.Count == 0)
            return null;
        var values = given.SelectMany(argument => argument.Values).ToList();
        return new RawValue(parameter.IsFlag && values.Count == 0 ? ["true"] : values, "", workingDirectory);
    }
}

/// <summary>CudaVersion is read from CudaVersion, CUDA_VERSION or NUKE_CUDA_VERSION (in that order); the engine's own only from NUKE_*.</summary>
sealed class EnvironmentSource(IReadOnlyDictionary<string, string> environment, AbsolutePath workingDirectory) : IParameterSource
{
    public RawValue? Find(Parameter parameter)
    {
        var name = VariableNames(parameter).FirstOrDefault(name => environment.TryGetValue(name, out var value) && value.Length > 0);
        return name is null ? null : new RawValue([environment[name]], $"environment variable {name}", workingDirectory);
    }

    /// <summary>The values of every variable this parameter could be read from, chosen or not: all are masked when it is secret.</summary>
    public IEnumerable<string> AllValues(Parameter parameter) =>
        VariableNames(parameter).Distinct().Where(environment.ContainsKey).Select(name => environment[name]).Where(value => value.Length > 0);

    IEnumerable<string> VariableNames(Parameter parameter)
    {
        var snake = Names.UpperSnake(parameter.Name);
        var exact = parameter.IsBuiltIn ? ["NUKE_" + snake] : new[] { parameter.Name, snake, "NUKE_" + snake };
        var comparable = Names.Comparable(parameter.Name);
        var loose = environment.Keys
            .Where(key => Names.Comparable(key) == "nuke" + comparable || (!parameter.IsBuiltIn && Names.Comparable(key) == comparable))
            .Order(StringComparer.Ordinal);
        return exact.Concat(loose);
    }
}

/// <summary>Values read from .nuke/parameters.json and the chosen profiles, later files winning.</summary>
sealed class FileSource(IReadOnlyDictionary<Parameter, RawValue> values) : IParameterSource
{
    public RawValue? Find(Parameter parameter) => values.GetValueOrDefault(parameter);
}
