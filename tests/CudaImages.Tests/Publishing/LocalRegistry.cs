using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CudaImages.Tests.Publishing;

/// <summary>
/// A real OCI registry (Debian's docker-registry, `docker-registry serve CONFIG`) on 127.0.0.1 and a free port, storing into
/// a temporary folder that goes away with it. Optionally with htpasswd (Basic) or token (Bearer) authentication.
/// A missing docker-registry is a failure that says how to install it, never a silent pass.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    LocalRegistry(Process process, string directory, int port)
    {
        this.process = process;
        Directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>host:port as image names and --registry use it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri Url => new($"http://{Host}/");

    public string Directory { get; }

    public string Storage => Path.Combine(Directory, "storage");

    public string Log { get { lock (output) return output.ToString(); } }

    public static Task<LocalRegistry> StartAsync() => StartAsync("");

    /// <summary>Tries the ports <paramref name="ports"/> gives, one after the other, while the one tried is taken.</summary>
    public static Task<LocalRegistry> StartAsync(Func<int> ports) => StartAsync("", ports: ports);

    /// <summary>Basic authentication: one user, its password stored bcrypt-hashed (htpasswd -B) as the registry requires.</summary>
    public static async Task<LocalRegistry> StartWithHtpasswdAsync(string username, string password)
    {
        var directory = NewDirectory();
        var htpasswd = Path.Combine(directory, "htpasswd");
        await File.WriteAllTextAsync(htpasswd, await HtpasswdLineAsync(username, password));
        return await StartAsync($"""
            auth:
              htpasswd:
                realm: cudaimages-test
                path: {htpasswd}
            """, directory);
    }

    /// <summary>Token authentication: the registry sends clients to <paramref name="tokens"/> and trusts what it signs.</summary>
    public static Task<LocalRegistry> StartWithTokenAuthAsync(TokenService tokens) =>
        StartAsync($"""
            auth:
              token:
                realm: {tokens.Realm}
                service: {TokenService.Service}
                issuer: {TokenService.Issuer}
                rootcertbundle: {tokens.CertificateFile}
            """);

    static async Task<LocalRegistry> StartAsync(string authSection, string? directory = null, Func<int>? ports = null)
    {
        if (!Programs.OnPath("docker-registry"))
            throw new InvalidOperationException(
                "docker-registry is not installed: the publish tests need a real OCI registry — sudo apt-get install -y docker-registry (Debian's package of the distribution registry)");
        directory ??= NewDirectory();
        // A free port can be taken by another test process before the registry binds it: then it exits, and another port is tried.
        for (var attempt = 1; ; attempt++)
        {
            var registry = await TryStartAsync(authSection, directory, (ports ?? FreePort)());
            if (registry.Started) return registry.Registry!;
            if (!registry.PortTaken || attempt == 5)
            {
                try { System.IO.Directory.Delete(directory, recursive: true); } catch (IOException) { }
                throw new InvalidOperationException(registry.Failure);
            }
        }
    }

    sealed record Start(LocalRegistry? Registry, bool PortTaken, string Failure)
    {
        public bool Started => Registry is not null;
    }

    static async Task<Start> TryStartAsync(string authSection, string directory, int port)
    {
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
              secret: cudaimages-test-{Guid.NewGuid():n}
            {authSection}
            """);

        var start = new ProcessStartInfo("docker-registry", ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var registry = new LocalRegistry(process, directory, port);
        // Its own "listening on" line, not an answer on the port, says that this registry (and not some other process) holds it.
        var listening = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            registry.Append(line);
            if (line?.Contains($"listening on 127.0.0.1:{port}") == true) listening.TrySetResult(true);
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => listening.TrySetResult(false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            if (await listening.Task.WaitAsync(Wait.HangGuard)) return new(registry, false, "");
        }
        catch (TimeoutException)
        {
        }
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        var log = registry.Log;
        var failure = $"docker-registry serve {config} did not listen on {registry.Host} (exit {process.ExitCode}):\n{log}";
        process.Dispose();
        return new(null, log.Contains("address already in use"), failure);
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cudaimages-tests", "registry-" + Guid.NewGuid().ToString("n")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static async Task<string> HtpasswdLineAsync(string username, string password)
    {
        if (!Programs.OnPath("htpasswd"))
            throw new InvalidOperationException("htpasswd is not installed: the registry auth tests need it to hash passwords with bcrypt — sudo apt-get install -y apache2-utils");
        var start = new ProcessStartInfo("htpasswd", ["-Bbn", username, password]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var htpasswd = Process.Start(start)!;
        var line = await htpasswd.StandardOutput.ReadToEndAsync();
        await htpasswd.WaitForExitAsync();
        if (htpasswd.ExitCode != 0) throw new InvalidOperationException($"htpasswd -Bbn failed: {await htpasswd.StandardError.ReadToEndAsync()}");
        return line.Trim() + "\n";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
