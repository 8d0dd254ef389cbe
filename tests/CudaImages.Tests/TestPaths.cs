namespace CudaImages.Tests;

/// <summary>Where the repository's own files and the test fixtures are.</summary>
public static class TestPaths
{
    public static string Root { get; } = FindRoot();

    public static string Images => Path.Combine(Root, "images");

    /// <summary>The test project's source folder: fixtures, corpus and baselines are read where they are kept.</summary>
    public static string Tests => Path.Combine(Root, "tests", "CudaImages.Tests");

    public static string Fixture(string name) => Path.Combine(Tests, "Fixtures", name);

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "global.json"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (global.json) not found");
    }
}

/// <summary>A copy of a fixture matrix (or, given an absolute path, of that folder: images/) in a temporary folder that a test may change.</summary>
public sealed class ScratchMatrix : IDisposable
{
    public ScratchMatrix(string fixture = "tiny")
    {
        Directory = Path.Combine(Path.GetTempPath(), "cudaimages-tests", Guid.NewGuid().ToString("n"), "images");
        Copy(TestPaths.Fixture(fixture), Directory);
    }

    public string Directory { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    public ScratchMatrix Write(string file, string text)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(PathOf(file))!);
        File.WriteAllText(PathOf(file), text);
        return this;
    }

    public ScratchMatrix Replace(string file, string oldText, string newText)
    {
        var text = File.ReadAllText(PathOf(file));
        if (!text.Contains(oldText)) throw new InvalidOperationException($"'{oldText}' is not in {file}");
        File.WriteAllText(PathOf(file), text.Replace(oldText, newText));
        return this;
    }

    static void Copy(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true); } catch (IOException) { }
    }
}
