using System.ComponentModel;
using System.Diagnostics;

namespace CudaImages.Signing;

/// <summary>
/// The cosign program. The private key travels to it in an environment variable (--key env://…) and its password in
/// COSIGN_PASSWORD, never on a command line (visible to ps) nor in a file.
/// </summary>
public static class Cosign
{
    public const string KeyVariable = "CUDAIMAGES_COSIGN_KEY";
    const string Install = "install cosign 2.x (Debian 13: apt-get install -t trixie cosign, see the README)";

    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("cosign")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            throw new SigningException($"cosign is not on PATH: {Install}");
        }
        using (process)
        {
            process.StandardInput.Close(); // never a prompt: a question cosign asks is answered "no"
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            return new Result(process.ExitCode, await output, await error);
        }
    }

    /// <summary>cosign's last error line without its "error during command execution" echo, for one sentence.</summary>
    public static string LastError(Result result) =>
        result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.StartsWith("Error:", StringComparison.Ordinal))?["Error:".Length..].Trim()
        ?? result.Error.Trim().Split('\n').LastOrDefault()?.Trim() ?? $"exit code {result.ExitCode}";
}
