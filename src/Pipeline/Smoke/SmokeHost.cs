namespace CudaImages.Smoke;

/// <summary>Where smoke tests ran: the GPUs nvidia-smi saw, none on a CPU-only host.</summary>
public sealed record SmokeHost(IReadOnlyList<Gpu> Gpus)
{
    public const string CpuOnly = "CPU-only host";

    public static SmokeHost WithoutGpu { get; } = new([]);

    public bool HasGpu => Gpus.Count > 0;

    /// <summary>"CPU-only host", "NVIDIA H200, driver 580.159.03" or "2 × NVIDIA H200, driver 580.159.03".</summary>
    public string Description => Gpus switch
    {
        [] => CpuOnly,
        [var only] => $"{only.Name}, driver {only.Driver}",
        [var first, ..] when Gpus.All(g => g.Name == first.Name) => $"{Gpus.Count} × {first.Name}, driver {first.Driver}",
        [var first, ..] => $"{string.Join(" + ", Gpus.Select(g => g.Name))}, driver {first.Driver}",
    };

    public override string ToString() => Description;
}
