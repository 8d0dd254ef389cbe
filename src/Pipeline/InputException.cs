namespace CudaImages;

/// <summary>Bad input — a parameter, a file given on the command line, a config the build reads — that the user must fix before anything is built.</summary>
public class InputException(string message) : Exception(message);
