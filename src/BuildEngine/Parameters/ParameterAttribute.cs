namespace CudaImages.BuildEngine;

/// <summary>Makes a field or property of the build settable from the command line, environment and parameter files.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;

    /// <summary>Overrides the member name (PascalCase), from which --kebab-name and ENV_NAME are derived.</summary>
    public string? Name { get; set; }
}
