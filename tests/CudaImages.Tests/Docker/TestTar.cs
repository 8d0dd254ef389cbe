using System.Formats.Tar;
using System.Text;

namespace CudaImages.Tests.Docker;

/// <summary>Tar archives made in memory: build contexts ("Dockerfile" at the root) and tiny root filesystems.</summary>
static class TestTar
{
    public static MemoryStream Of(params (string Path, string Text)[] files)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                });
            }
        }
        tar.Position = 0;
        return tar;
    }

    public static MemoryStream Context(params string[] dockerfileLines) =>
        Of(("Dockerfile", string.Join('\n', dockerfileLines) + "\n"));
}
