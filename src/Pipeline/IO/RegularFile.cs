using System.Runtime.InteropServices;

namespace CudaImages.IO;

/// <summary>What a path names once symlinks are followed.</summary>
public enum FileKind { Missing, Regular, Directory, Pipe, Device, Socket, Unknown }

/// <summary>
/// Reads files given by users only when they are regular files of bounded size. The kind is checked before
/// opening: opening a named pipe waits for a writer, and a device such as /dev/zero never ends.
/// </summary>
public static class RegularFile
{
    /// <summary>Why <paramref name="path"/> cannot be read as a file of at most <paramref name="maxBytes"/>, as the end of a sentence; null when it can.</summary>
    public static string? Problem(string path, long maxBytes) => Inspect(path) switch
    {
        (FileKind.Missing, _) => "does not exist",
        (FileKind.Directory, _) => "is a directory, not a file",
        (FileKind.Pipe, _) => "is a named pipe (FIFO), not a regular file",
        (FileKind.Device, _) => "is a device, not a regular file",
        (FileKind.Socket, _) => "is a socket, not a regular file",
        (_, var bytes) when bytes > maxBytes => $"is {Size.Format(bytes)}, over the limit of {Size.Format(maxBytes)} for this file",
        _ => null,
    };

    /// <summary>The whole file: FileNotFoundException when it is missing, InvalidDataException naming the path when it is no regular file or too big.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        if (Problem(path, maxBytes) is { } problem)
            throw Inspect(path).Kind == FileKind.Missing
                ? new FileNotFoundException($"{path} {problem}", path)
                : new InvalidDataException($"{path} {problem}");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        // A file that grows while it is read is still cut off at the limit.
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (bytes.Length + read > maxBytes)
                throw new InvalidDataException($"{path} is over the limit of {Size.Format(maxBytes)} for this file");
            bytes.Write(buffer, 0, read);
        }
        return bytes.ToArray();
    }

    /// <summary>The whole file as text (UTF-8 unless a byte order mark says otherwise); see <see cref="ReadAllBytes"/>.</summary>
    public static string ReadAllText(string path, long maxBytes)
    {
        using var reader = new StreamReader(new MemoryStream(ReadAllBytes(path, maxBytes)), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    public static (FileKind Kind, long Bytes) Inspect(string path)
    {
        if (OperatingSystem.IsLinux() && Statx(path) is { } stat)
            return stat;
        // Elsewhere .NET tells only directories from files.
        if (Directory.Exists(path)) return (FileKind.Directory, 0);
        return File.Exists(path) ? (FileKind.Regular, new FileInfo(path).Length) : (FileKind.Missing, 0);
    }

    const int AtCurrentDirectory = -100, TypeAndSize = 0x001 | 0x200, NoSuchFile = 2, NotADirectory = 20;

    // struct statx has the same layout on every Linux architecture: stx_mode at byte 28, stx_size at byte 40.
    [DllImport("libc.so.6", EntryPoint = "statx", SetLastError = true)]
    static extern int NativeStatx(int directory, string path, int flags, uint mask, byte[] result);

    static (FileKind, long)? Statx(string path)
    {
        var result = new byte[256];
        try
        {
            if (NativeStatx(AtCurrentDirectory, Path.GetFullPath(path), 0, TypeAndSize, result) != 0)
                return Marshal.GetLastPInvokeError() is NoSuchFile or NotADirectory ? (FileKind.Missing, 0) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        var mode = MemoryMarshal.Read<ushort>(result.AsSpan(28)) & 0xF000;
        var size = (long)MemoryMarshal.Read<ulong>(result.AsSpan(40));
        return (mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Pipe,
            0x2000 or 0x6000 => FileKind.Device,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        }, size);
    }
}
