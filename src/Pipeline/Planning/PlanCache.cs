using System.Security.Cryptography;
using System.Text;
using CudaImages.Artifacts;
using CudaImages.IO;

namespace CudaImages.Planning;

/// <summary>
/// What `./build.sh Plan` printed and wrote, kept for the next run with the same inputs, as Gradle's configuration cache
/// keeps a configured build: loading images/ and planning every image is about 0.6 s, nearly all of it the JIT compiling
/// the template and YAML parsers; printing what they gave last time is a few milliseconds.
/// The key is every input of Load and Plan (<see cref="Key"/>). Entries live outside the checkout, so that a pull request
/// cannot bring one along; one that does not read back whole is ignored and written again.
/// </summary>
public sealed partial class PlanCache(string directory)
{
    /// <summary>What a run printed and wrote: the Load target's lines, the table, the Plan target's line, plan.json.</summary>
    public sealed record Entry(IReadOnlyList<string> LoadLines, string Table, string PlanLine, string PlanJson);

    const string Magic = "cudaimages plan cache 1";

    /// <summary>Enough for every selection one works with; the oldest beyond it are removed.</summary>
    public const int MaxEntries = 64;

    /// <summary>Far above any file images/ holds (its biggest, a lock, is tens of kilobytes); a bigger one is not cached.</summary>
    const long MaxFileBytes = 16L << 20;

    public string Directory { get; } = directory;

    /// <summary>$XDG_CACHE_HOME/cudaimages/plans, else ~/.cache/cudaimages/plans; null where neither is known (nothing is cached).</summary>
    public static PlanCache? ForUser(Func<string, string?> environment)
    {
        var root = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathFullyQualified(xdg) ? xdg
            : environment("HOME") is { Length: > 0 } home && Path.IsPathFullyQualified(home) ? Path.Combine(home, ".cache")
            : null;
        return root is null ? null : new PlanCache(Path.Combine(root, "cudaimages", "plans"));
    }

    /// <summary>
    /// SHA-256 of <paramref name="facts"/> (the build program, the parameters, how the console renders) and of every entry
    /// under <paramref name="imagesDirectory"/>: path, kind, permissions, bytes. Null when images/ holds anything but regular
    /// files and folders (a link, a socket): such input is never cached, and Load reports on it as ever.
    /// </summary>
    public static string? Key(string imagesDirectory, IEnumerable<string> facts)
    {
        if (!System.IO.Directory.Exists(imagesDirectory) || new DirectoryInfo(imagesDirectory).LinkTarget is not null) return null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }
        Add(Magic);
        foreach (var fact in facts) Add(fact);
        Add(Path.GetFullPath(imagesDirectory));
        var entries = new List<(string Relative, FileSystemInfo Info)>();
        try
        {
            if (!Walk(new DirectoryInfo(imagesDirectory), imagesDirectory, entries)) return null;
            foreach (var entry in entries.OrderBy(e => e.Relative, StringComparer.Ordinal))
                if (!AddEntry(entry.Relative, entry.Info)) return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());

        bool AddEntry(string relative, FileSystemInfo info)
        {
            var mode = OperatingSystem.IsWindows() ? 0 : (int)info.UnixFileMode;
            switch (RegularFile.Inspect(info.FullName))
            {
                case (FileKind.Directory, _):
                    Add($"d {mode} {relative}");
                    return true;
                case (FileKind.Regular, var size) when size <= MaxFileBytes:
                    Add($"f {mode} {relative}");
                    byte[] content;
                    try
                    {
                        content = RegularFile.ReadAllBytes(info.FullName, MaxFileBytes);
                    }
                    catch (InvalidDataException)
                    {
                        return false;
                    }
                    Add(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    hash.AppendData(content);
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>Every entry below <paramref name="folder"/>, links not followed; false at the first link.</summary>
    static bool Walk(DirectoryInfo folder, string root, List<(string, FileSystemInfo)> entries)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            if (entry.LinkTarget is not null) return false;
            entries.Add((Path.GetRelativePath(root, entry.FullName), entry));
            if (entry is DirectoryInfo child && !Walk(child, root, entries)) return false;
        }
        return true;
    }

    /// <summary>The build program as a fact: every assembly beside it (name, size, time written), which build.sh replaces whole on each compile.</summary>
    public static string ProgramFact(string programDirectory) =>
        string.Join("\n", new DirectoryInfo(programDirectory).EnumerateFiles("*.dll")
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => $"{f.Name} {f.Length} {f.LastWriteTimeUtc.Ticks}"));

    /// <summary>The entry for <paramref name="key"/>; null when there is none, or it is no regular file, or does not read back whole (its checksum).</summary>
    public Entry? TryRead(string key)
    {
        try
        {
            var path = PathOf(key);
            if (RegularFile.Inspect(path).Kind != FileKind.Regular) return null;
            var bytes = RegularFile.ReadAllBytes(path, MaxEntryBytes);
            if (bytes.Length < ChecksumBytes || !SHA256.HashData(bytes.AsSpan(0, bytes.Length - ChecksumBytes)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - ChecksumBytes)))
                return null;
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - ChecksumBytes), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadString() != key) return null;
            var count = reader.ReadInt32();
            if (count is < 0 or > 1000) return null;
            var lines = new string[count];
            for (var i = 0; i < lines.Length; i++) lines[i] = reader.ReadString();
            var entry = new Entry(lines, reader.ReadString(), reader.ReadString(), reader.ReadString());
            return reader.BaseStream.Position == reader.BaseStream.Length ? entry : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Written whole through a temporary file, with a checksum; a cache that cannot be written (read-only home) only costs the next run its speed.</summary>
    public void Write(string key, Entry entry)
    {
        try
        {
            using var bytes = new MemoryStream();
            using (var writer = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(key);
                writer.Write(entry.LoadLines.Count);
                foreach (var line in entry.LoadLines) writer.Write(line);
                writer.Write(entry.Table);
                writer.Write(entry.PlanLine);
                writer.Write(entry.PlanJson);
            }
            bytes.Write(SHA256.HashData(bytes.ToArray()));
            ArtifactFile.WriteBytes(PathOf(key), bytes.ToArray());
            // Only entries this cache named: a --plan-cache-directory given an existing folder keeps everything else in it.
            foreach (var old in new DirectoryInfo(Directory).EnumerateFiles("*.plan").Where(f => EntryName().IsMatch(f.Name))
                         .OrderByDescending(f => f.LastWriteTimeUtc).Skip(MaxEntries))
                old.Delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    const int ChecksumBytes = 32;

    /// <summary>Far above any entry (the full matrix's is about 200 KB).</summary>
    const long MaxEntryBytes = 64L << 20;

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{64}\\.plan$")]
    private static partial System.Text.RegularExpressions.Regex EntryName();

    public string PathOf(string key) => Path.Combine(Directory, key + ".plan");
}
