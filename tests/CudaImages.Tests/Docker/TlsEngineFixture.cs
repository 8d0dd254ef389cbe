using System.Diagnostics;
using System.Formats.Tar;

namespace CudaImages.Tests.Docker;

/// <summary>
/// A second, real dockerd of the test's own on 127.0.0.1, reachable only over TLS with client certificates
/// (dockerd --tlsverify), with certificates the fixture makes with openssl: a CA, the engine's certificate for
/// IP:127.0.0.1, a client certificate; and a stranger's CA and client certificate that the engine must refuse.
/// Its data, exec root and pid file live in a temporary folder, and it runs in a network namespace of its own (unshare),
/// so it cannot touch the machine's network: a dockerd with no bridge deletes the docker0 it finds, which is the machine's
/// own engine's bridge when both share one namespace. The test reaches it, and it reaches the registry on 127.0.0.1:5000,
/// through byte pipes (<see cref="NetworkNamespaceBridge"/>), so TLS stays end to end.
/// Needs root, dockerd, openssl and ip (Debian's docker.io, openssl and iproute2).
/// </summary>
public sealed class TlsEngineFixture : IAsyncLifetime
{
    readonly string root = Directory.CreateTempSubdirectory("cudaimages-tls-engine-").FullName;
    Process? dockerd;
    NetworkNamespaceBridge? bridge;

    // Inside the engine's own namespace nothing else listens, so its port can be fixed.
    const int EnginePort = 2376, RegistryPort = 5000;

    /// <summary>The machine's docker0 (name and interface index) before the engine started; null when there was none.</summary>
    public string? HostBridgeBefore { get; private set; }

    public int Port { get; private set; }

    public string Host => $"tcp://127.0.0.1:{Port}";

    /// <summary>DOCKER_CERT_PATH of a client the engine accepts: ca.pem, cert.pem, key.pem.</summary>
    public string Client => Path.Combine(root, "client");

    /// <summary>The engine's CA only: no client certificate.</summary>
    public string Anonymous => Path.Combine(root, "anonymous");

    /// <summary>Another CA's ca.pem beside the accepted client certificate: the engine's certificate does not chain to it.</summary>
    public string WrongCa => Path.Combine(root, "wrong-ca");

    /// <summary>The engine's CA beside a client certificate another CA signed: the engine refuses it.</summary>
    public string StrangerClient => Path.Combine(root, "stranger-client");

    string Log => Path.Combine(root, "dockerd.log");

    /// <summary>The environment of a docker CLI pointed at this engine with the given certificate folder.</summary>
    public Dictionary<string, string?> Environment(string? certificates, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOCKER_HOST"] = Host,
            ["DOCKER_CONFIG"] = Path.Combine(root, "config"),
        };
        if (certificates is not null)
        {
            environment["DOCKER_TLS_VERIFY"] = "1";
            environment["DOCKER_CERT_PATH"] = certificates;
        }
        foreach (var (name, value) in more)
            environment[name] = value;
        return environment;
    }

    public async Task InitializeAsync()
    {
        HostBridgeBefore = HostBridge();
        await MakeCertificatesAsync();
        Directory.CreateDirectory(Path.Combine(root, "config"));
        var server = Path.Combine(root, "server");
        // unshare and then the shell exec: the PID we hold is the engine's, in its own network namespace, and SIGTERM
        // stops it (and its containerd) cleanly; the namespace goes with its last process.
        dockerd = Process.Start(new ProcessStartInfo("unshare",
        [
            "--net", "sh", "-c", "ip link set lo up && exec dockerd \"$@\" >\"$0\" 2>&1", Log,
            "--host", $"tcp://127.0.0.1:{EnginePort}", "--tlsverify",
            "--tlscacert", Path.Combine(server, "ca.pem"), "--tlscert", Path.Combine(server, "cert.pem"), "--tlskey", Path.Combine(server, "key.pem"),
            "--data-root", Path.Combine(root, "data"), "--exec-root", Path.Combine(root, "exec"), "--pidfile", Path.Combine(root, "dockerd.pid"),
            "--bridge", "none", "--iptables=false", "--ip6tables=false", "--storage-driver", "vfs",
        ])
        { UseShellExecute = false })!;
        bridge = new NetworkNamespaceBridge(dockerd.Id);
        await Wait.Until(() => Task.FromResult((bridge.Separate() && bridge.Listening(EnginePort)) || dockerd.HasExited),
            $"the test's dockerd to listen on 127.0.0.1:{EnginePort} in its network namespace");
        if (dockerd.HasExited)
            throw new InvalidOperationException($"the test's dockerd exited with {dockerd.ExitCode}: {string.Join('\n', ReadLog().TakeLast(10))}");
        bridge.OutOf(RegistryPort);
        Port = bridge.Into(EnginePort);
    }

    public async Task DisposeAsync()
    {
        if (dockerd is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", dockerd.Id.ToString()]))
                await term.WaitForExitAsync();
            using var guard = new CancellationTokenSource(Wait.HangGuard);
            try
            {
                await dockerd.WaitForExitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                dockerd.Kill(entireProcessTree: true);
            }
        }
        dockerd?.Dispose();
        bridge?.Dispose();
        Directory.Delete(root, recursive: true);
        if (HostBridgeBefore is not null && HostBridge() != HostBridgeBefore)
            throw new InvalidOperationException($"the machine's {HostBridgeBefore} is now {HostBridge() ?? "gone"}: the test's dockerd touched the host's network");
    }

    /// <summary>The machine's docker0 now, as name and interface index; null when there is none.</summary>
    public static string? HostBridge() =>
        File.Exists("/sys/class/net/docker0/ifindex") ? $"docker0 (ifindex {File.ReadAllText("/sys/class/net/docker0/ifindex").Trim()})" : null;

    IEnumerable<string> ReadLog() => File.Exists(Log) ? File.ReadLines(Log) : [];

    /// <summary>
    /// The smallest root filesystem a container can run a command in: this machine's /bin/sh and the libraries ldd
    /// names for it (a few MB, where loading debian:12 into the engine would take half a minute).
    /// </summary>
    public static async Task<MemoryStream> ShellRootfsAsync()
    {
        var ldd = await RunAsync("ldd", "/bin/sh");
        var files = ldd.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(word => word.StartsWith('/')).Prepend("/bin/sh");
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in files.Distinct())
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, file.TrimStart('/'))
                {
                    DataStream = new MemoryStream(await File.ReadAllBytesAsync(file)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                           | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                });
        }
        tar.Position = 0;
        return tar;
    }

    async Task MakeCertificatesAsync()
    {
        var server = Path.Combine(root, "server");
        foreach (var folder in new[] { server, Client, Anonymous, WrongCa, StrangerClient })
            Directory.CreateDirectory(folder);
        var ca = Path.Combine(server, "ca.pem");
        var caKey = Path.Combine(root, "ca-key.pem");
        await AuthorityAsync("cudaimages test CA", ca, caKey);
        await SignedAsync("127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n", ca, caKey, Path.Combine(server, "cert.pem"), Path.Combine(server, "key.pem"));
        await SignedAsync("client", "extendedKeyUsage=clientAuth\n", ca, caKey, Path.Combine(Client, "cert.pem"), Path.Combine(Client, "key.pem"));
        File.Copy(ca, Path.Combine(Client, "ca.pem"));
        File.Copy(ca, Path.Combine(Anonymous, "ca.pem"));
        File.Copy(ca, Path.Combine(StrangerClient, "ca.pem"));

        var strangerCa = Path.Combine(WrongCa, "ca.pem");
        var strangerKey = Path.Combine(root, "stranger-ca-key.pem");
        await AuthorityAsync("a stranger's CA", strangerCa, strangerKey);
        await SignedAsync("stranger", "extendedKeyUsage=clientAuth\n", strangerCa, strangerKey,
            Path.Combine(StrangerClient, "cert.pem"), Path.Combine(StrangerClient, "key.pem"));
        foreach (var file in new[] { "cert.pem", "key.pem" })
            File.Copy(Path.Combine(Client, file), Path.Combine(WrongCa, file));
    }

    static Task AuthorityAsync(string name, string certificate, string key) =>
        RunAsync("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", $"/CN={name}", "-keyout", key, "-out", certificate);

    async Task SignedAsync(string name, string extensions, string ca, string caKey, string certificate, string key)
    {
        var request = Path.Combine(root, name + ".csr");
        var extensionFile = Path.Combine(root, name + ".ext");
        await File.WriteAllTextAsync(extensionFile, extensions);
        await RunAsync("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", $"/CN={name}", "-keyout", key, "-out", request);
        await RunAsync("openssl", "x509", "-req", "-in", request, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-days", "2",
            "-extfile", extensionFile, "-out", certificate);
    }

    static async Task<string> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        return await output;
    }
}
