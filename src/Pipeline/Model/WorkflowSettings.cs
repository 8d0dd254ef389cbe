namespace CudaImages.Model;

/// <summary>
/// What the generated GitHub Actions workflow (.github/workflows/images.yml) takes from images/matrix.yaml
/// (<c>workflow:</c>): when it runs, on which runners, and where it pushes. {owner} in the registry is the
/// repository's owner, lower-cased when the workflow runs.
/// </summary>
public sealed record WorkflowSettings(string Schedule, IReadOnlyList<string> Runner, IReadOnlyList<string> GpuRunner, string Registry)
{
    public const string OwnerPlaceholder = "{owner}";

    public static WorkflowSettings Default(string repository) =>
        new("0 4 * * 1", ["ubuntu-latest"], ["self-hosted", "linux", "x64", "gpu"], $"ghcr.io/{OwnerPlaceholder}/{repository.Split('/')[^1]}");
}
