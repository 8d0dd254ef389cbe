namespace CudaImages.BuildEngine;

/// <summary>Finds the repository root the way Nuke does: the nearest folder upwards that holds .nuke/.</summary>
internal static class RootDirectoryFinder
{
    public static AbsolutePath Find(AbsolutePath start)
    {
        for (AbsolutePath? directory = start; directory is { } current; directory = current.Parent)
        {
            if ((current / ".nuke").DirectoryExists())
                return current;
        }
        throw new BuildInputException($"No .nuke/ folder in {start} or above: create one at the repository root, or pass --root.");
    }
}
