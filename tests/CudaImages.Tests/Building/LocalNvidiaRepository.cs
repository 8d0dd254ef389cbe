using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CudaImages.Tests.Building;

/// <summary>
/// An apt repository shaped like NVIDIA's (developer.download.nvidia.com/compute/cuda/repos/&lt;repo&gt;/x86_64/: a flat
/// repository, InRelease signed, cuda-keyring_1.1-1_all.deb beside Packages), served on 127.0.0.1 by this test process.
/// Its packages are made with dpkg-deb, empty but for a marker file under /usr/local/cuda-X.Y, with NVIDIA's names and
/// dependencies (<see cref="NvidiaPackageTable"/>); the Release file is signed with a key gpg makes for this run only,
/// and the keyring package installs that key and a sources list with signed-by, as NVIDIA's does.
/// </summary>
public sealed class LocalNvidiaRepository : IAsyncDisposable
{
    public const string KeyringFile = "cuda-keyring_1.1-1_all.deb";
    const string KeyringPath = "/usr/share/keyrings/cuda-archive-keyring.gpg";

    readonly WebApplication server;
    readonly string root;

    LocalNvidiaRepository(WebApplication server, string root, string address)
    {
        this.server = server;
        this.root = root;
        Address = address;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public string Address { get; }

    /// <summary>What --package-repository takes: NVIDIA's path under this server, with the distro's repository filled in.</summary>
    public string RepositoryUrl => Address + "/{nvidia_repo}/x86_64/";

    /// <summary>Every package served, with the version served, by name.</summary>
    public IReadOnlyDictionary<string, string> Served => served;

    readonly Dictionary<string, string> served = new(StringComparer.Ordinal);

    public static async Task<LocalNvidiaRepository> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "cudaimages-tests", "nvidia-apt-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(root);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/{**path}", (string? path) => File(root, path ?? ""));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return new LocalNvidiaRepository(app, root, address);
    }

    static IResult File(string root, string path)
    {
        var full = Path.GetFullPath(Path.Combine(root, path));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && System.IO.File.Exists(full)
            ? Results.File(full, "application/octet-stream")
            : Results.NotFound();
    }

    /// <summary>
    /// Writes the repository (once per instance) for one NVIDIA repository name (ubuntu2204): every package asked for, at its pinned version
    /// or else at <paramref name="cudaVersion"/>-1, with everything they depend on; the keyring package; Packages and a
    /// signed Release.
    /// </summary>
    public async Task PublishAsync(string nvidiaRepo, string cudaVersion, IEnumerable<AskedPackage> asked)
    {
        var parts = cudaVersion.Split('.').Select(int.Parse).ToArray();
        var folder = Path.Combine(root, nvidiaRepo, "x86_64");
        Directory.CreateDirectory(folder);
        var work = Path.Combine(root, "work");
        var gpgHome = Path.Combine(root, "gnupg");
        Directory.CreateDirectory(gpgHome, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        foreach (var package in asked)
            if (served.TryGetValue(package.Name, out var version) && package.Version is not null && version != package.Version)
                throw new InvalidOperationException($"{package.Name} is asked for at {version} and at {package.Version}: one repository serves one version");
            else if (!served.ContainsKey(package.Name) || package.Version is not null)
                served[package.Name] = package.Version ?? $"{cudaVersion}-1";
        for (var pending = new Queue<string>(served.Keys); pending.TryDequeue(out var name);)
            foreach (var dependency in NvidiaPackageTable.DependenciesOf(name, parts[0], parts[1]))
                if (served.TryAdd(dependency, $"{cudaVersion}-1")) pending.Enqueue(dependency);

        var architecture = (await RunAsync("dpkg", ["--print-architecture"])).Trim();
        var debs = new List<string>();
        foreach (var (name, version) in served)
        {
            var depends = NvidiaPackageTable.DependenciesOf(name, parts[0], parts[1]).Select(d => $"{d} (>= {served[d]})");
            var marker = $"usr/local/cuda-{parts[0]}.{parts[1]}/cudaimages-test-repository/{name}";
            var deb = Path.Combine(folder, $"{name}_{version.Replace(':', '%')}_{architecture}.deb");
            debs.Add(await PackageAsync(work, deb, name, version, architecture, depends, new() { [marker] = Encoding.UTF8.GetBytes($"{name}={version}\n") }));
        }

        await RunAsync("gpg", ["--homedir", gpgHome, "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
            "--quick-gen-key", "CudaImages test repository <test-repository@cudaimages.invalid>", "ed25519", "sign", "never"]);
        var key = Path.Combine(work, "cuda-archive-keyring.gpg");
        await RunAsync("gpg", ["--homedir", gpgHome, "--batch", "--yes", "--output", key, "--export"]);
        var sourcesList = $"deb [signed-by={KeyringPath}] {RepositoryUrl.Replace("{nvidia_repo}", nvidiaRepo)} /\n";
        debs.Add(await PackageAsync(work, Path.Combine(folder, KeyringFile), "cuda-keyring", "1.1-1", "all", [], new()
        {
            [KeyringPath.TrimStart('/')] = await System.IO.File.ReadAllBytesAsync(key),
            [$"etc/apt/sources.list.d/cuda-{nvidiaRepo}-x86_64.list"] = Encoding.UTF8.GetBytes(sourcesList),
        }));

        var packages = new StringBuilder();
        foreach (var deb in debs)
        {
            packages.Append((await RunAsync("dpkg-deb", ["--field", deb])).TrimEnd('\n')).Append('\n')
                .Append($"Filename: ./{Path.GetFileName(deb)}\n")
                .Append($"Size: {new FileInfo(deb).Length}\n")
                .Append($"SHA256: {Sha256(await System.IO.File.ReadAllBytesAsync(deb))}\n\n");
        }
        var packagesBytes = Encoding.UTF8.GetBytes(packages.ToString());
        await System.IO.File.WriteAllBytesAsync(Path.Combine(folder, "Packages"), packagesBytes);
        var release = $"""
            Origin: CudaImages test repository (NVIDIA's layout)
            Label: CudaImages test repository
            Architectures: {architecture} all
            Date: {DateTime.UtcNow.AddDays(-1):ddd, dd MMM yyyy HH:mm:ss} UTC
            SHA256:
             {Sha256(packagesBytes)} {packagesBytes.Length} Packages

            """;
        var releasePath = Path.Combine(folder, "Release");
        await System.IO.File.WriteAllTextAsync(releasePath, release.ReplaceLineEndings("\n"));
        await RunAsync("gpg", ["--homedir", gpgHome, "--batch", "--yes", "--clearsign", "--output", Path.Combine(folder, "InRelease"), releasePath]);
        await RunAsync("gpg", ["--homedir", gpgHome, "--batch", "--yes", "--armor", "--detach-sign", "--output", Path.Combine(folder, "Release.gpg"), releasePath]);
        await RunAsync("gpgconf", ["--homedir", gpgHome, "--kill", "gpg-agent"]);
        Directory.Delete(work, recursive: true);
    }

    /// <summary>dpkg-deb --build of a package holding <paramref name="files"/> (path in the package → content).</summary>
    static async Task<string> PackageAsync(string work, string deb, string name, string version, string architecture,
        IEnumerable<string> depends, Dictionary<string, byte[]> files)
    {
        var tree = Path.Combine(work, name);
        Directory.CreateDirectory(Path.Combine(tree, "DEBIAN"));
        var dependsLine = string.Join(", ", depends);
        await System.IO.File.WriteAllTextAsync(Path.Combine(tree, "DEBIAN", "control"),
            $"Package: {name}\nVersion: {version}\nArchitecture: {architecture}\nMaintainer: CudaImages tests <test-repository@cudaimages.invalid>\n" +
            (dependsLine.Length > 0 ? $"Depends: {dependsLine}\n" : "") +
            $"Description: stand-in for NVIDIA's {name}, empty but for a marker file\n");
        foreach (var (path, content) in files)
        {
            var target = Path.Combine(tree, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await System.IO.File.WriteAllBytesAsync(target, content);
        }
        await RunAsync("dpkg-deb", ["--root-owner-group", "-Zgzip", "--build", tree, deb]);
        return deb;
    }

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    static async Task<string> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {await error}");
        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
        // gpg-agent may still be removing its sockets from gnupg/ as it stops.
        for (var attempt = 0; Directory.Exists(root); attempt++)
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) when (attempt < 5) { await Task.Delay(100 << attempt); }
            catch (IOException) { break; }
    }
}
