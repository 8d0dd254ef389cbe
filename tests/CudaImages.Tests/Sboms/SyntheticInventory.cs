using System.Text;
using CudaImages.Sboms;
using CudaImages.Sizes;
using CudaImages.Tests.Sizes;

namespace CudaImages.Tests.Sboms;

/// <summary>A small Debian 12 CUDA chain as layers: dpkg status, DEP-5 and free-form copyright files, Python metadata.</summary>
static class SyntheticInventory
{
    public const string Dep5Header = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\n\n";

    public static string Package(string name, string version, string section, string? source = null, string arch = "amd64") =>
        $"Package: {name}\nStatus: install ok installed\nPriority: optional\nSection: {section}\nInstalled-Size: 100\nArchitecture: {arch}\n" +
        (source is null ? "" : $"Source: {source}\n") + $"Version: {version}\nDescription: {name}\n a package made for a test\n\n";

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static readonly string OsStatus =
        Package("libc6", "2.36-9+deb12u4", "libs", source: "glibc") + Package("login", "1:4.13+dfsg1-1+b1", "admin", source: "shadow (1:4.13+dfsg1-1)");

    public static readonly byte[] OsLayer = new LayerTarBuilder()
        .DpkgStatus(OsStatus)
        .File("usr/share/doc/libc6/copyright", Text(Dep5Header + "Files: *\nCopyright: 1991 FSF\nLicense: LGPL-2.1+\n\nFiles: debian/*\nCopyright: x\nLicense: GPL-2+\n\nLicense: LGPL-2.1+\n The text.\n"))
        .File("usr/share/doc/login/copyright", Text("This is the Debian prepackaged version of shadow.\nIt is licensed under a BSD-style licence.\n"))
        .Build();

    public static readonly byte[] CudaLayer = new LayerTarBuilder()
        .DpkgStatus(OsStatus + Package("libcublas11", "11.11.3.6~11.8.0-5~deb12u1", "non-free/libs", source: "nvidia-cuda-toolkit (11.8.0-5~deb12u1)"))
        .File("usr/share/doc/libcublas11/copyright", Text(Dep5Header + "Files: *\nCopyright: NVIDIA\nLicense: other-NVIDIA-CUDA-TOOLKIT-11.6.2\n End User License Agreement\n"))
        .Build();

    public static readonly byte[] PythonLayer = new LayerTarBuilder()
        .DpkgStatus(OsStatus + Package("libcublas11", "11.11.3.6~11.8.0-5~deb12u1", "non-free/libs", source: "nvidia-cuda-toolkit (11.8.0-5~deb12u1)")
                    + Package("python3-pycuda", "2022.2.2~dfsg-2", "contrib/python", source: "pycuda"))
        .File("usr/lib/python3/dist-packages/pycuda-2022.2.2.egg-info/PKG-INFO", Text("Metadata-Version: 2.1\nName: pycuda\nVersion: 2022.2.2\nLicense: MIT\n\nlong description\n"))
        .File("usr/lib/python3/dist-packages/typing_extensions-4.4.0.dist-info/METADATA",
            Text("Metadata-Version: 2.1\nName: typing_extensions\nVersion: 4.4.0\nClassifier: License :: OSI Approved :: Python Software Foundation License\n"))
        .File("usr/local/lib/python3.11/dist-packages/old-1.0.dist-info/METADATA", Text("Metadata-Version: 2.1\nName: old\nVersion: 1.0\nLicense: MIT\n"))
        .Build();

    /// <summary>A layer that deletes the "old" distribution (a whiteout of its dist-info folder).</summary>
    public static readonly byte[] CleanupLayer = new LayerTarBuilder()
        .File("usr/local/lib/python3.11/dist-packages/.wh.old-1.0.dist-info", [])
        .Build();

    public static readonly IReadOnlyList<byte[]> Framework = [OsLayer, CudaLayer, PythonLayer, CleanupLayer];

    /// <summary>The layers read as MeasureSizes reads them, by diff ID.</summary>
    public static async Task<IReadOnlyDictionary<string, LayerContents>> ReadAsync(IEnumerable<byte[]> layers)
    {
        var read = new Dictionary<string, LayerContents>();
        foreach (var layer in layers)
        {
            var contents = await LayerTar.ReadAsync(new MemoryStream(layer), CancellationToken.None);
            read[contents.DiffId] = contents;
        }
        return read;
    }

    public static Task<ImageInventory> FrameworkInventoryAsync() => InventoryAsync(Framework);

    public static async Task<ImageInventory> InventoryAsync(IReadOnlyList<byte[]> layers) =>
        ImageInventory.Of([.. layers.Select(Synthetic.DiffId)], await ReadAsync(layers)).ShouldNotBeNull();
}
