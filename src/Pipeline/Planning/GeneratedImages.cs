namespace CudaImages.Planning;

/// <summary>Writes each planned image's Dockerfile and build context to artifacts/images/&lt;tag&gt;/.</summary>
public static class GeneratedImages
{
    public const string Folder = "images";

    public static string Directory(string artifacts, ImageSpec image) => Path.Combine(artifacts, Folder, image.Tag);

    /// <summary>Writes every image of the plan; returns the folders written.</summary>
    public static IReadOnlyList<string> Write(string artifacts, BuildPlan plan)
    {
        var written = new List<string>();
        var imagesFolder = Path.GetFullPath(Path.Combine(artifacts, Folder));
        foreach (var image in plan.Images)
        {
            var dir = Directory(artifacts, image);
            Below(imagesFolder, dir, $"image {image.Tag}");
            // Written whole into a folder of its own, then swapped in: a context file dropped from the template does not
            // linger, and two runs generating at once never delete the folder the other is writing.
            var temp = Unique(dir, "tmp");
            System.IO.Directory.CreateDirectory(temp);
            File.WriteAllText(Path.Combine(temp, "Dockerfile"), image.Dockerfile);
            foreach (var file in image.Context)
            {
                var target = Path.Combine(temp, file.Path);
                Below(temp, target, $"context file {file.Path} of {image.Tag}");
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, file.Read());
            }
            SwapIn(temp, dir);
            written.Add(dir);
        }
        return written;
    }

    static string Unique(string dir, string kind) => $"{dir}.{Environment.ProcessId}.{Guid.NewGuid():N}.{kind}";

    /// <summary>Moves the old folder aside and the new one in; when another run puts its folder there in between, the last one wins.</summary>
    static void SwapIn(string temp, string dir)
    {
        for (var attempt = 1; ; attempt++)
        {
            var old = Unique(dir, "old");
            try
            {
                if (System.IO.Directory.Exists(dir)) System.IO.Directory.Move(dir, old);
            }
            catch (DirectoryNotFoundException)
            {
                // Another run moved it aside first.
            }
            try
            {
                System.IO.Directory.Move(temp, dir);
                return;
            }
            catch (IOException) when (attempt < 20 && System.IO.Directory.Exists(dir))
            {
            }
            finally
            {
                if (System.IO.Directory.Exists(old)) System.IO.Directory.Delete(old, recursive: true);
            }
        }
    }

    /// <summary>Nothing is written outside artifacts/images/&lt;tag&gt;/, whatever a tag or context path holds.</summary>
    static void Below(string folder, string path, string what)
    {
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InputException($"{what} would be written to {full}, outside {folder}: refusing to write it");
    }
}
