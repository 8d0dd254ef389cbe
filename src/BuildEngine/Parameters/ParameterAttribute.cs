namespace CudaImages.BuildEngine;

/// <summary>Makes a field or property of the build settable from the command line, environment and parameter files.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;

    /// <summary>Overrides the member name (PascalCase), from which --kebab-name and ENV_NAME are derived.</summary>
    public string? Name { get; set; }

    /// <summary>For numbers: the smallest value accepted, e.g. 1 for a count of workers; a smaller one is bad input.</summary>
    public long Minimum { get; set; } = long.MinValue;
}
