using CudaImages.Planning;

namespace CudaImages.Rendering;

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
            // Rewritten whole: a context file dropped from the template must not linger.
            if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
            System.IO.Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "Dockerfile"), image.Dockerfile);
            foreach (var file in image.Context)
            {
                var target = Path.Combine(dir, file.Path);
                Below(dir, target, $"context file {file.Path} of {image.Tag}");
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file.SourcePath, target, overwrite: true);
            }
            written.Add(dir);
        }
        return written;
    }

    /// <summary>Nothing is written outside artifacts/images/&lt;tag&gt;/, whatever a tag or context path holds.</summary>
    static void Below(string folder, string path, string what)
    {
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InputException($"{what} would be written to {full}, outside {folder}: refusing to write it");
    }
}
