using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CudaImages.Tests.Publishing;

/// <summary>One request as the proxy saw it; Number counts from 1 over the proxy's life.</summary>
public sealed record ProxyRequest(int Number, string Method, string Path, string UserAgent)
{
    /// <summary>The Docker Engine pushing (rather than our own registry client).</summary>
    public bool FromEngine => UserAgent.StartsWith("docker/", StringComparison.Ordinal);

    public bool Writes => Method is "PUT" or "POST" or "PATCH" or "DELETE";

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>What the proxy does instead of forwarding a request.</summary>
public abstract record ProxyFault
{
    /// <summary>Answers with this status (and a registry-style error body) without asking the registry.</summary>
    public sealed record Status(int Code) : ProxyFault;

    /// <summary>Resets the connection without an answer.</summary>
    public sealed record Drop : ProxyFault;

    /// <summary>Never answers (until the client gives up).</summary>
    public sealed record Hang : ProxyFault;

    /// <summary>Runs an action (kill the publishing process), then drops the request: it never reaches the registry.</summary>
    public sealed record Intercept(Action Action) : ProxyFault;
}

/// <summary>
/// An HTTP proxy of our own between a client (our registry client, or the Docker Engine pushing) and the real registry.
/// It forwards every request unchanged, Host header included, so the registry's upload URLs lead back through it —
/// except where <see cref="Fault"/> says otherwise: 503s, dropped connections, requests that hang.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    readonly WebApplication app;
    readonly HttpClient upstream;
    int count;

    FaultProxy(WebApplication app, Uri registry)
    {
        this.app = app;
        upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = registry, Timeout = Timeout.InfiniteTimeSpan };
    }

    public int Port { get; private set; }

    public string Host => $"127.0.0.1:{Port}";

    public ConcurrentQueue<ProxyRequest> Requests { get; } = new();

    /// <summary>Decides, per request, whether to interfere; null forwards it.</summary>
    public Func<ProxyRequest, ProxyFault?> Fault { get; set; } = _ => null;

    public ConcurrentQueue<(ProxyRequest Request, ProxyFault Fault)> Faults { get; } = new();

    /// <summary>Interferes with the first <paramref name="count"/> requests that match, then forwards everything.</summary>
    public void FaultFirst(int count, ProxyFault fault, Func<ProxyRequest, bool>? matching = null)
    {
        var left = count;
        Fault = request => (matching?.Invoke(request) ?? true) && Interlocked.Decrement(ref left) >= 0 ? fault : null;
    }

    public static async Task<FaultProxy> StartAsync(Uri registry)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new FaultProxy(app, registry);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Port = new Uri(address).Port;
        return proxy;
    }

    async Task HandleAsync(HttpContext context)
    {
        var request = new ProxyRequest(Interlocked.Increment(ref count), context.Request.Method, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.UserAgent.ToString());
        Requests.Enqueue(request);
        var fault = Fault(request);
        if (fault is not null) Faults.Enqueue((request, fault));
        switch (fault)
        {
            case ProxyFault.Status status:
                context.Response.StatusCode = status.Code;
                context.Response.ContentType = "application/json";
                var code = status.Code switch { 401 => "UNAUTHORIZED", 403 => "DENIED", 404 => "NAME_UNKNOWN", < 500 => "UNSUPPORTED", _ => "UNAVAILABLE" };
                await context.Response.WriteAsync($$"""{"errors":[{"code":"{{code}}","message":"injected by the test proxy","detail":null}]}""");
                return;
            case ProxyFault.Drop:
                context.Abort();
                return;
            case ProxyFault.Hang:
                try { await Task.Delay(Timeout.Infinite, context.RequestAborted); } catch (OperationCanceledException) { }
                return;
            case ProxyFault.Intercept intercept:
                intercept.Action();
                context.Abort();
                return;
        }
        await ForwardAsync(context);
    }

    async Task ForwardAsync(HttpContext context)
    {
        var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0
                      || context.Request.Method is "PUT" or "PATCH" or "POST";
        if (hasBody) forward.Content = new StreamContent(context.Request.Body);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!) && forward.Content is not null)
                forward.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
        }
        forward.Headers.Host = context.Request.Host.Value;

        HttpResponseMessage response;
        try
        {
            response = await upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
                context.Response.Headers[name] = values.ToArray();
            }
            if (context.Request.Method != "HEAD")
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }
}
