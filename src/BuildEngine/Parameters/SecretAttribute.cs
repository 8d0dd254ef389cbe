namespace CudaImages.BuildEngine;

/// <summary>The parameter's value is never printed: the engine writes *** in its place.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
