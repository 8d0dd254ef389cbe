using CudaImages.Docker;

namespace CudaImages.Sizes;

/// <summary>
/// Which history step made which layer. The steps that made a layer are, in order, the image's layers
/// (RootFS.Layers) in order; ENV, LABEL, CMD and the like make none.
/// </summary>
public static class LayerHistory
{
    /// <summary>
    /// The step behind each layer, lowest first, or null for every layer when the history does not add up.
    /// <paramref name="emptyLayer"/> is the config's flag per step; without it (no config) a step that made a layer is
    /// told by its size, which only works while no layer is empty.
    /// </summary>
    public static IReadOnlyList<ImageHistoryStep>? Map(IReadOnlyList<ImageHistoryStep> history, IReadOnlyList<bool>? emptyLayer, int layerCount)
    {
        var made = emptyLayer is not null && emptyLayer.Count == history.Count
            ? history.Where((_, i) => !emptyLayer[i]).ToList()
            : history.Where(step => step.Size > 0).ToList();
        return made.Count == layerCount ? made : null;
    }
}
