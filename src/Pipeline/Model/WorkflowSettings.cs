namespace CudaImages.Model;

/// <summary>
/// What the generated GitHub Actions workflow (.github/workflows/images.yml) takes from images/matrix.yaml
/// (<c>workflow:</c>): when it runs, on which runners, and where it pushes. {owner} in the registry is the
/// repository's owner, lower-cased when the workflow runs.
/// </summary>
public sealed record WorkflowSettings(string Schedule, IReadOnlyList<string> Runner, IReadOnlyList<string> GpuRunner, string Registry)
{
    public const string OwnerPlaceholder = "{owner}";

    /// <summary>The runner labels arm64 chains build on: native arm64 machines, no emulation.</summary>
    public IReadOnlyList<string> Arm64Runner { get; init; } = ["ubuntu-24.04-arm"];

    /// <summary>The platforms the workflow builds, each on its own runners: amd64 on <see cref="Runner"/>, arm64 on <see cref="Arm64Runner"/>.</summary>
    public IReadOnlyList<(Platform Platform, IReadOnlyList<string> Runner)> Platforms => [(Platform.Amd64, Runner), (Platform.Arm64, Arm64Runner)];

    public static WorkflowSettings Default(string repository) =>
        new("0 4 * * 1", ["ubuntu-latest"], ["self-hosted", "linux", "x64", "gpu"], $"ghcr.io/{OwnerPlaceholder}/{repository.Split('/')[^1]}");
}
