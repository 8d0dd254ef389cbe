namespace CudaImages.BuildEngine;

/// <summary>A target is a property on the build class that describes itself on the definition it is given.</summary>
public delegate ITargetDefinition Target(ITargetDefinition _);
