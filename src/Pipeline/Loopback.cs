using System.Net;

namespace CudaImages;

/// <summary>
/// Hosts that plain HTTP may go to: traffic to 127.0.0.0/8, localhost and [::1] never leaves the machine, so a token
/// or password sent there is not in clear on a network. Everything else gets HTTPS.
/// </summary>
public static class Loopback
{
    /// <summary>Whether <paramref name="host"/> (host, host:port, [v6] or [v6]:port) is this machine.</summary>
    public static bool Is(string host)
    {
        var name = host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
        return name == "localhost" || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }
}
