namespace CudaImages.Model;

/// <summary>What images/ names under <c>smoke:</c>, and whether the check proves something only on a GPU runner.</summary>
public sealed record SmokeCheckDescriptor(string Name, bool NeedsGpu);

/// <summary>
/// The smoke checks there are, as loading and planning see them. Smoke's check registry, the one list of checks,
/// makes it from the descriptor each check declares; nothing here knows how a check runs.
/// </summary>
public sealed class SmokeCheckCatalogue
{
    public SmokeCheckCatalogue(IEnumerable<SmokeCheckDescriptor> checks)
    {
        All = checks.ToList();
        if (All.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"smoke check '{twice.Key}' is declared twice", nameof(checks));
    }

    public IReadOnlyList<SmokeCheckDescriptor> All { get; }

    public IReadOnlyList<string> Names => All.Select(c => c.Name).ToList();

    public bool Contains(string name) => All.Any(c => c.Name == name);

    /// <summary>Whether any of these checks needs a GPU runner: what the CI matrix's gpu flag says.</summary>
    public bool AnyNeedsGpu(IEnumerable<string> names) => names.Any(n => All.Any(c => c.Name == n && c.NeedsGpu));
}
