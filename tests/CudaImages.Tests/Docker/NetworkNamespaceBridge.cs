using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace CudaImages.Tests.Docker;

/// <summary>
/// Byte pipes between this machine's loopback and the loopback of another process's network namespace: a socket made on
/// a thread that joined that namespace (setns) stays in it. Only bytes pass, so TLS stays end to end. Needs root.
/// </summary>
sealed class NetworkNamespaceBridge(int pid) : IDisposable
{
    const int CloneNewNet = 0x40000000;
    readonly List<Socket> listeners = [];

    /// <summary>Whether the process has left this process's network namespace yet (unshare does so right after it starts).</summary>
    public bool Separate() => ReadLink($"/proc/{pid}/ns/net") is { } theirs && theirs != ReadLink("/proc/self/ns/net");

    /// <summary>Whether something listens on 127.0.0.1:port inside the namespace.</summary>
    public bool Listening(int port)
    {
        using var socket = Inside();
        try
        {
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A port on this machine's 127.0.0.1 whose connections reach 127.0.0.1:port inside the namespace.</summary>
    public int Into(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Serve(listener, Inside, port);
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>127.0.0.1:port inside the namespace reaches 127.0.0.1:port on this machine.</summary>
    public void OutOf(int port)
    {
        var listener = Inside();
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        Serve(listener, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), port);
    }

    public void Dispose()
    {
        foreach (var listener in listeners)
            listener.Dispose();
    }

    void Serve(Socket listener, Func<Socket> target, int port)
    {
        listener.Listen();
        listeners.Add(listener);
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var client = await listener.AcceptAsync();
                    var server = target();
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await server.ConnectAsync(IPAddress.Loopback, port);
                        }
                        catch (SocketException)
                        {
                            client.Dispose();
                            server.Dispose();
                            return;
                        }
                        await PipeAsync(client, server);
                    });
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                // The bridge is disposed: no more connections.
            }
        });
    }

    static async Task PipeAsync(Socket a, Socket b)
    {
        using (a)
        using (b)
            await Task.WhenAll(OneWayAsync(a, b), OneWayAsync(b, a));
    }

    // Half-close passes on (an attached container's stdin ends while its output still flows); an error ends both ways.
    static async Task OneWayAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            from.Dispose();
            to.Dispose();
        }
    }

    Socket Inside()
    {
        Socket? socket = null;
        Exception? failure = null;
        // A thread of its own: it stays in the namespace it joins, and ends right after.
        var thread = new Thread(() =>
        {
            try
            {
                using var namespaceFile = File.OpenHandle($"/proc/{pid}/ns/net");
                if (SetNamespace((int)namespaceFile.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into the network namespace of process {pid}");
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"no socket in the network namespace of process {pid}", failure);
    }

    static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "setns", SetLastError = true)]
    static extern int SetNamespace(int file, int type);
}
