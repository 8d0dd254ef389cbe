namespace CudaImages.BuildEngine;

/// <summary>The build was asked something it cannot do (unknown name, bad value, cycle, missing requirement): exit 2, no stack trace.</summary>
sealed class BuildInputException(string message) : Exception(message);
