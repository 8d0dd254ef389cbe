using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace CudaImages.Tests.Docker;

/// <summary>
/// A scripted stand-in for dockerd on a Unix socket: answers each request with what <c>answer</c> says for
/// "METHOD /path" and records what was asked, so tests can see retries and the API version in the path.
/// </summary>
sealed class FakeEngine : IDisposable
{
    readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    readonly CancellationTokenSource stopping = new();
    readonly Func<string, (int Status, string Json)> answer;
    readonly string socketPath = Path.Combine(Path.GetTempPath(), $"fake-dockerd-{Guid.NewGuid():N}.sock");

    public FakeEngine(Func<string, (int Status, string Json)> answer)
    {
        this.answer = answer;
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        _ = Task.Run(ServeAsync);
    }

    public string Endpoint => "unix://" + socketPath;

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The /version answer of an engine speaking <paramref name="apiVersion"/>.</summary>
    public static (int, string) Version(string apiVersion) =>
        (200, $$"""{"Version":"20.10.24","ApiVersion":"{{apiVersion}}","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}""");

    async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket connection;
            try { connection = await listener.AcceptAsync(stopping.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => AnswerAsync(connection));
        }
    }

    async Task AnswerAsync(Socket connection)
    {
        using var _ = connection;
        await using var stream = new NetworkStream(connection);
        var head = await ReadHeadAsync(stream);
        if (head is null)
            return;

        var requestLine = head[0].Split(' ');
        var request = $"{requestLine[0]} {requestLine[1].Split('?')[0]}";
        Requests.Enqueue(request);
        await SkipBodyAsync(stream, head);

        var (status, json) = answer(request);
        var body = Encoding.UTF8.GetBytes(json);
        var response = $"HTTP/1.1 {status} Fake\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        await stream.WriteAsync(body);
    }

    static async Task<List<string>?> ReadHeadAsync(Stream stream)
    {
        var lines = new List<string>();
        while (await ReadLineAsync(stream) is { Length: > 0 } line)
            lines.Add(line);
        return lines.Count == 0 ? null : lines;
    }

    static async Task SkipBodyAsync(Stream stream, List<string> head)
    {
        string? Header(string name) => head.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(parts => parts[1].Trim()).FirstOrDefault();

        if (long.TryParse(Header("Content-Length"), out var length))
        {
            await Skip(stream, length);
        }
        else if (Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            while (await ReadLineAsync(stream) is { } size && Convert.ToInt64(size.Split(';')[0], 16) is var chunk and > 0)
                await Skip(stream, chunk + 2);
            await ReadLineAsync(stream);
        }
    }

    static async Task Skip(Stream stream, long count)
    {
        var buffer = new byte[8192];
        while (count > 0 && await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count))) is var read and > 0)
            count -= read;
    }

    static async Task<string?> ReadLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            if (one[0] == '\n')
                return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
        return line.Length == 0 ? null : line.ToString();
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Dispose();
        File.Delete(socketPath);
    }
}
