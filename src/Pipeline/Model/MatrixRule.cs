namespace CudaImages.Model;

/// <summary>
/// An exclude or include rule of matrix.yaml. Each field left out matches everything; cuda matches
/// a release, a line or a major (11.8.0, 11.8, 11); flavor one flavor or a list of them.
/// </summary>
public sealed record MatrixRule(string? Cuda, string? Distro, string? Flavor, string? Source, string Reason, string Where)
{
    /// <summary>The flavors of a rule written with a list of them (<see cref="Flavor"/> shows them joined).</summary>
    public IReadOnlyList<string>? Flavors { get; init; }

    public bool Matches(CudaRelease cuda, Distro distro, Flavor flavor) =>
        (Cuda is null || CudaSelector.Matches(Cuda, cuda.Version)) &&
        (Distro is null || Distro == distro.Id) &&
        (Flavor is null || (Flavors ?? [Flavor]).Contains(flavor.Id)) &&
        (Source is null || Source == distro.Source.Id);

    public override string ToString() =>
        string.Join(", ", new[] { ("cuda", Cuda), ("distro", Distro), ("flavor", Flavor), ("source", Source) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}: {p.Item2}"));
}
