using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CudaImages.Tests.Publishing;

/// <summary>
/// The token service of the distribution spec's Bearer flow, which Debian has no package for: it checks Basic credentials
/// and signs a JWT (RS256, certificate in x5c) granting the requested repository scope. The real registry verifies the
/// token against the certificate we give it, so the flow between client, token service and registry is the real one.
/// </summary>
public sealed class TokenService : IAsyncDisposable
{
    public const string Service = "cudaimages-test-registry";
    public const string Issuer = "cudaimages-test-token-service";

    readonly WebApplication app;
    readonly RSA key = RSA.Create(2048);
    readonly X509Certificate2 certificate;
    readonly string username;
    readonly string password;

    TokenService(WebApplication app, string directory, string username, string password)
    {
        this.app = app;
        this.username = username;
        this.password = password;
        var request = new CertificateRequest("CN=" + Issuer, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificateFile = Path.Combine(directory, "token-signer.crt");
        File.WriteAllText(CertificateFile, certificate.ExportCertificatePem());
    }

    public string CertificateFile { get; }

    public string Realm { get; private set; } = "";

    /// <summary>"granted user scope" or "refused": what was asked of the service, for assertions.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<TokenService> StartAsync(string username, string password)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cudaimages-tests", "tokens-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new TokenService(app, directory, username, password);
        app.MapGet("/token", service.Token);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service.Realm = address.TrimEnd('/') + "/token";
        return service;
    }

    IResult Token(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var given = authorization.StartsWith("Basic ", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..]))
            : null;
        if (given != $"{username}:{password}")
        {
            Requests.Enqueue("refused");
            return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "bad credentials" } } }, statusCode: 401);
        }

        var access = context.Request.Query["scope"].Where(s => s is not null).Select(s => s!.Split(':')).Where(p => p.Length == 3)
            .Select(p => new { type = p[0], name = p[1], actions = p[2].Split(',') }).ToArray();
        Requests.Enqueue($"granted {username} {string.Join(" ", context.Request.Query["scope"].ToArray())}");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { alg = "RS256", typ = "JWT", x5c = new[] { Convert.ToBase64String(certificate.RawData) } };
        var claims = new { iss = Issuer, sub = username, aud = Service, exp = now + 300, nbf = now - 30, iat = now, jti = Guid.NewGuid().ToString("n"), access };
        var signed = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = signed + "." + Base64Url(signature);
        return Results.Json(new { token, access_token = token, expires_in = 300 });
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
        key.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(CertificateFile)!, recursive: true); } catch (IOException) { }
    }
}
