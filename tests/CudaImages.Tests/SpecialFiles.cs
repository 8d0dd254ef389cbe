using System.Diagnostics;

namespace CudaImages.Tests;

/// <summary>Paths that are not regular files, made for real: a named pipe, a device, a directory.</summary>
public static class SpecialFiles
{
    /// <summary>A named pipe with no writer: opening it for reading would wait forever.</summary>
    public static string Fifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]) ?? throw new InvalidOperationException("mkfifo did not start");
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0) throw new InvalidOperationException($"mkfifo {path} exited {mkfifo.ExitCode}");
        return path;
    }

    /// <summary>A link to /dev/zero, which never ends: reading it whole would exhaust memory.</summary>
    public static string EndlessDevice(string path)
    {
        File.CreateSymbolicLink(path, "/dev/zero");
        return path;
    }

    public static string Directory(string path) => System.IO.Directory.CreateDirectory(path).FullName;
}
