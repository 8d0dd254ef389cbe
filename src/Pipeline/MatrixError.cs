namespace CudaImages;

/// <summary>One problem in images/, located precisely enough to fix without searching.</summary>
public sealed record MatrixError(string File, int Line, int Column, string Message, string? Hint = null)
{
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {Message}" + (Hint is null ? "" : $" — {Hint}");
}

/// <summary>Bad input in images/, each problem located (file:line:column — hint).</summary>
public class MatrixException(IReadOnlyList<MatrixError> errors)
    : InputException(Describe(errors))
{
    public IReadOnlyList<MatrixError> Errors { get; } = errors;

    static string Describe(IReadOnlyList<MatrixError> errors) =>
        errors.Count == 1
            ? errors[0].ToString()
            : $"{errors.Count} problems in images/:" + Environment.NewLine +
              string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
