using CudaImages.Model;

namespace CudaImages.Sizes;

/// <summary>An image above its size budget (size_budget in images/flavors.yaml).</summary>
public sealed record BudgetOvershoot(string Tag, long SizeBytes, long BudgetBytes, long OverBytes)
{
    public override string ToString() =>
        $"{Tag} is {Size.Format(SizeBytes)}, {Size.Format(OverBytes)} over its size budget of {Size.Format(BudgetBytes)}";
}

public static class SizeBudgets
{
    /// <summary>The images above their budget, in the order measured; images without a budget never are.</summary>
    public static IReadOnlyList<BudgetOvershoot> Exceeded(IEnumerable<ImageSize> images) =>
        [.. images.Where(i => i.OverBudgetBytes is not null)
            .Select(i => new BudgetOvershoot(i.Tag, i.UncompressedBytes, i.BudgetBytes!.Value, i.OverBudgetBytes!.Value))];
}
