using System.Formats.Tar;
using System.Text;
using CudaImages.Docker;
using CudaImages.Model;

namespace CudaImages.Bases;

/// <summary>
/// A root filesystem tar made into a base image for another platform: built FROM scratch with the Engine API's platform
/// set, which is what makes the image's config say arm64 (an import would record this machine's architecture).
/// </summary>
public sealed class ForeignBase(IDockerEngine engine)
{
    public static string Dockerfile(IReadOnlyList<string> settings) =>
        "FROM scratch\nADD rootfs.tar /\n" + string.Join("", settings.Select(s => s + "\n"));

    public async Task<string> BuildAsync(Stream rootfsTar, string reference, Platform platform, IReadOnlyList<string> settings, CancellationToken cancellationToken)
    {
        // A build context names each file's size before its bytes: the tar is spooled to a file first.
        var folder = Directory.CreateTempSubdirectory("cudaimages-base-").FullName;
        try
        {
            var rootfs = Path.Combine(folder, "rootfs.tar");
            await using (var file = File.Create(rootfs))
                await rootfsTar.CopyToAsync(file, cancellationToken);
            var dockerfile = Path.Combine(folder, "Dockerfile");
            await File.WriteAllTextAsync(dockerfile, Dockerfile(settings), Encoding.UTF8, cancellationToken);
            var context = Path.Combine(folder, "context.tar");
            await using (var file = File.Create(context))
            await using (var tar = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: true))
            {
                await tar.WriteEntryAsync(dockerfile, "Dockerfile", cancellationToken);
                await tar.WriteEntryAsync(rootfs, "rootfs.tar", cancellationToken);
            }
            await using var stream = File.OpenRead(context);
            var id = await engine.BuildImageAsync(stream, new Dictionary<string, string>(), new Dictionary<string, string>(), noCache: true,
                network: null, TextWriter.Null, _ => { }, cancellationToken, platform.Id);
            await engine.TagImageAsync(id, reference, CancellationToken.None);
            return id;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
