using System.Diagnostics;
using CudaImages.Planning;

namespace CudaImages.Tests.Planning;

public sealed class PlanCacheTests : IDisposable
{
    readonly ScratchMatrix matrix = new();
    readonly string cacheDirectory = Path.Combine(Path.GetTempPath(), "cudaimages-tests", Guid.NewGuid().ToString("n"), "plans");

    static readonly string[] Facts = ["program a.dll 1 2", "cuda 12.4"];

    static PlanCache.Entry Entry(string table = "table\n") => new(["3 CUDA releases"], table, "5 images planned", "{\n}\n");

    string KeyOf(params string[] facts) => PlanCache.Key(matrix.Directory, facts.Length == 0 ? Facts : facts)!;

    [Fact]
    public void The_same_images_and_facts_give_the_same_key()
    {
        KeyOf().ShouldNotBeNull();
        KeyOf().ShouldBe(KeyOf());
    }

    [Fact]
    public void One_changed_byte_in_a_file_changes_the_key()
    {
        var before = KeyOf();
        var file = Directory.EnumerateFiles(matrix.Directory, "*.yaml").Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 1;
        File.WriteAllBytes(file, bytes);

        KeyOf().ShouldNotBe(before);
    }

    [Fact]
    public void A_file_added_renamed_or_made_executable_changes_the_key()
    {
        var original = KeyOf();
        matrix.Write("templates/extra.liquid", "x");
        var added = KeyOf();
        File.Move(matrix.PathOf("templates/extra.liquid"), matrix.PathOf("templates/other.liquid"));
        var renamed = KeyOf();
        File.SetUnixFileMode(matrix.PathOf("templates/other.liquid"), File.GetUnixFileMode(matrix.PathOf("templates/other.liquid")) | UnixFileMode.UserExecute);
        var executable = KeyOf();

        new[] { original, added, renamed, executable }.Distinct().Count().ShouldBe(4);
    }

    [Fact]
    public void A_changed_parameter_or_program_changes_the_key() =>
        new[] { KeyOf(), KeyOf("program a.dll 1 3", "cuda 12.4"), KeyOf("program a.dll 1 2", "cuda 12.5"), KeyOf("program a.dll 1 2", "cuda 12.4", "x") }
            .Distinct().Count().ShouldBe(4);

    [Fact]
    public void Images_holding_a_link_or_a_named_pipe_are_never_cached()
    {
        File.CreateSymbolicLink(matrix.PathOf("linked.yaml"), "/etc/hostname");
        PlanCache.Key(matrix.Directory, Facts).ShouldBeNull();

        File.Delete(matrix.PathOf("linked.yaml"));
        using (var mkfifo = Process.Start("mkfifo", matrix.PathOf("pipe"))) mkfifo.WaitForExit();
        File.Exists(matrix.PathOf("pipe")).ShouldBeTrue();
        PlanCache.Key(matrix.Directory, Facts).ShouldBeNull(); // and returns at once: a pipe is never opened
    }

    [Fact]
    public void An_entry_reads_back_as_written_under_its_key_only()
    {
        var cache = new PlanCache(cacheDirectory);
        var key = KeyOf();

        cache.Write(key, Entry());

        var read = cache.TryRead(key).ShouldNotBeNull();
        read.LoadLines.ShouldBe(["3 CUDA releases"]);
        (read.Table, read.PlanLine, read.PlanJson).ShouldBe(("table\n", "5 images planned", "{\n}\n"));
        cache.TryRead(KeyOf("other")).ShouldBeNull();
    }

    [Fact]
    public void A_truncated_extended_or_moved_entry_is_ignored()
    {
        var cache = new PlanCache(cacheDirectory);
        var key = KeyOf();
        cache.Write(key, Entry());
        var bytes = File.ReadAllBytes(cache.PathOf(key));

        File.WriteAllBytes(cache.PathOf(key), bytes[..^3]);
        cache.TryRead(key).ShouldBeNull();

        File.WriteAllBytes(cache.PathOf(key), [.. bytes, 0]);
        cache.TryRead(key).ShouldBeNull();

        // An entry copied under another key's name is not that key's.
        var other = KeyOf("other");
        File.WriteAllBytes(cache.PathOf(other), bytes);
        cache.TryRead(other).ShouldBeNull();
    }

    [Fact]
    public void An_entry_with_one_byte_changed_or_that_is_a_named_pipe_is_ignored()
    {
        var cache = new PlanCache(cacheDirectory);
        var key = KeyOf();
        cache.Write(key, Entry("a table of some length\n"));
        var bytes = File.ReadAllBytes(cache.PathOf(key));
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(cache.PathOf(key), bytes);

        cache.TryRead(key).ShouldBeNull();

        File.Delete(cache.PathOf(key));
        using (var mkfifo = Process.Start("mkfifo", cache.PathOf(key))) mkfifo.WaitForExit();
        cache.TryRead(key).ShouldBeNull(); // and returns at once: a pipe is never opened
    }

    [Fact]
    public void The_cache_keeps_the_newest_entries_only()
    {
        var cache = new PlanCache(cacheDirectory);
        for (var i = 0; i < PlanCache.MaxEntries + 5; i++)
        {
            cache.Write(KeyOf($"fact {i}"), Entry());
            File.SetLastWriteTimeUtc(cache.PathOf(KeyOf($"fact {i}")), DateTime.UtcNow.AddMinutes(i - 100));
        }

        Directory.GetFiles(cacheDirectory, "*.plan").Length.ShouldBe(PlanCache.MaxEntries);
        cache.TryRead(KeyOf($"fact {PlanCache.MaxEntries + 4}")).ShouldNotBeNull();
    }

    [Fact]
    public void A_folder_given_as_the_cache_keeps_files_the_cache_did_not_name()
    {
        var cache = new PlanCache(cacheDirectory);
        Directory.CreateDirectory(cacheDirectory);
        File.WriteAllText(Path.Combine(cacheDirectory, "terraform.plan"), "someone else's");
        File.SetLastWriteTimeUtc(Path.Combine(cacheDirectory, "terraform.plan"), DateTime.UtcNow.AddDays(-1));

        for (var i = 0; i < PlanCache.MaxEntries + 1; i++) cache.Write(KeyOf($"fact {i}"), Entry());

        File.Exists(Path.Combine(cacheDirectory, "terraform.plan")).ShouldBeTrue();
        Directory.GetFiles(cacheDirectory, "*.plan").Length.ShouldBe(PlanCache.MaxEntries + 1);
    }

    [Fact]
    public void A_cache_that_cannot_be_written_costs_only_the_replay()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(cacheDirectory)!);
        File.WriteAllText(cacheDirectory, "a file where the folder would be");
        var cache = new PlanCache(cacheDirectory);

        cache.Write(KeyOf(), Entry());

        cache.TryRead(KeyOf()).ShouldBeNull();
    }

    [Fact]
    public void The_user_cache_is_under_xdg_cache_home_else_home()
    {
        PlanCache.ForUser(name => name == "XDG_CACHE_HOME" ? "/x/cache" : "/home/u")!.Directory.ShouldBe("/x/cache/cudaimages/plans");
        PlanCache.ForUser(name => name == "HOME" ? "/home/u" : null)!.Directory.ShouldBe("/home/u/.cache/cudaimages/plans");
        PlanCache.ForUser(name => name == "HOME" ? "relative" : null).ShouldBeNull();
        PlanCache.ForUser(_ => null).ShouldBeNull();
    }

    public void Dispose()
    {
        matrix.Dispose();
        if (Directory.Exists(Path.GetDirectoryName(cacheDirectory))) Directory.Delete(Path.GetDirectoryName(cacheDirectory)!, recursive: true);
    }
}
