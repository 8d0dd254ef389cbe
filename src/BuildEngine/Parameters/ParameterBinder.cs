namespace CudaImages.BuildEngine;

/// <summary>Finds each parameter's value in the first source that has one: command line, environment, profile, parameters.json.</summary>
sealed class ParameterBinder(IReadOnlyList<IParameterSource> sources)
{
    /// <summary>False when no source sets it; the member then keeps its initializer.</summary>
    public bool TryGet(Parameter parameter, out object? value)
    {
        var raw = sources.Select(source => source.Find(parameter)).FirstOrDefault(found => found is not null);
        value = raw is null ? null : ValueConverter.Convert(parameter, raw);
        return raw is not null;
    }

    public T? Get<T>(Parameter parameter) => TryGet(parameter, out var value) ? (T?)value : default;
}
