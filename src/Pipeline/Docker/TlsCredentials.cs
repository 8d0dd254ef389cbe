using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Net.Http.Client;

namespace CudaImages.Docker;

/// <summary>
/// Puts <see cref="EngineTls"/> on the client's HTTP transport: every request (info, build, container run, save, push)
/// goes over it. The engine's certificate must chain to ca.pem and name the host DOCKER_HOST names, as with docker --tlsverify.
/// </summary>
sealed class TlsCredentials : IAuthProvider
{
    readonly EngineTls tls;
    readonly X509Certificate2? authority;
    readonly X509Certificate2? client;

    /// <exception cref="InputException">A certificate or key file cannot be read.</exception>
    public TlsCredentials(EngineTls tls)
    {
        this.tls = tls;
        authority = tls.VerifyEngine ? Load(tls.CaFile, () => X509CertificateLoader.LoadCertificateFromFile(tls.CaFile)) : null;
        client = tls.ClientCertificate ? Load(tls.CertFile, () => X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile)) : null;
    }

    /// <summary>Why the last handshake refused the engine's certificate, in words; null when it did not.</summary>
    public string? Refusal { get; private set; }

    public bool TlsEnabled => true;

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
    {
        // The client is built with the legacy transport for tcp://, whatever DOCKER_DOTNET_NATIVE_HTTP_ENABLED says.
        var managed = (ManagedHandler)handler;
        managed.ClientCertificates = client is null ? [] : [client];
        managed.ServerCertificateValidationCallback = Validate;
        return managed;
    }

    bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Refusal = authority is null ? null : Check(certificate, errors);
        return Refusal is null;
    }

    string? Check(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return "sent no certificate";
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return $"presented a certificate for another name ({certificate.Subject}) — its certificate must name the host in DOCKER_HOST (subjectAltName)";
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority!);
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented)
            ? null
            : $"presented a certificate that {tls.CaFile} did not sign ({string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct())}) — point DOCKER_CERT_PATH at the folder with this engine's ca.pem";
    }

    static X509Certificate2 Load(string path, Func<X509Certificate2> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InputException($"{path} cannot be read as a PEM certificate ({e.Message.TrimEnd('.')}) — DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem as the docker CLI wants them");
        }
    }
}
