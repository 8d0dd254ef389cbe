using System.Formats.Tar;
using System.Text;
using CudaImages.Planning;

namespace CudaImages.Building;

/// <summary>
/// An image's build context as the engine receives it: the Dockerfile and exactly the files it copies,
/// in a fixed order with fixed owners, modes and times, so the same inputs give the same bytes.
/// </summary>
public static class BuildContextTar
{
    static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(0);

    public static MemoryStream Create(ImageSpec image)
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
        {
            Add(tar, "Dockerfile", Encoding.UTF8.GetBytes(image.Dockerfile));
            foreach (var file in image.Context.OrderBy(f => f.Path, StringComparer.Ordinal))
                Add(tar, file.Path, file.Read());
        }
        stream.Position = 0;
        return stream;
    }

    /// <summary>One file of a build context, with the fixed owner, mode and time that make equal inputs equal bytes.</summary>
    public static void Add(TarWriter tar, string name, byte[] content)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(content),
            ModificationTime = Epoch,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            Uid = 0,
            Gid = 0,
            UserName = "root",
            GroupName = "root",
        };
        tar.WriteEntry(entry);
    }
}
