namespace CudaImages;

/// <summary>
/// The Test target's --test-filter: the words 'unit' and 'integration' select by the trait the integration tests carry
/// (<see cref="IntegrationTrait"/>); anything else is a dotnet test filter, passed on as it is.
/// </summary>
public static class TestSelection
{
    /// <summary>Test classes (or methods) that use a real part — the Docker Engine, a registry, a browser, git — carry [Trait(Category, Integration)].</summary>
    public const string Category = "Category";

    public const string IntegrationTrait = "Integration";

    public static string Filter(string given) => given.Trim().ToLowerInvariant() switch
    {
        "unit" => $"{Category}!={IntegrationTrait}",
        "integration" => $"{Category}={IntegrationTrait}",
        _ => given,
    };
}
