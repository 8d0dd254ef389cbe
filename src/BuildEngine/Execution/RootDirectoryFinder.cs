namespace CudaImages.BuildEngine;

/// <summary>Finds the repository root the way Nuke does: the nearest folder upwards that holds .nuke/.</summary>
static class RootDirectoryFinder
{
    /// <summary>Searches from <paramref name="start"/> upwards, up to and including <paramref name="boundary"/> when one is given.</summary>
    public static AbsolutePath Find(AbsolutePath start, AbsolutePath? boundary = null)
    {
        for (AbsolutePath? directory = start; directory is { } current; directory = current == boundary ? null : current.Parent)
        {
            if ((current / ".nuke").DirectoryExists())
                return current;
        }
        var where = boundary is { } last ? $"in {start} or above up to {last}" : $"in {start} or above";
        throw new BuildInputException($"No .nuke/ folder {where}: create one at the repository root, or pass --root.");
    }
}
