namespace CudaImages.Docker;

/// <summary>
/// TLS to a tcp:// engine, set up as the docker CLI sets it up: DOCKER_TLS_VERIFY checks the engine's certificate against
/// ca.pem (--tlsverify); DOCKER_TLS alone encrypts without checking it (--tls); cert.pem and key.pem, when there, are
/// presented as the client certificate. All three files live in DOCKER_CERT_PATH, else in the docker CLI's folder (~/.docker).
/// </summary>
public sealed record EngineTls(bool VerifyEngine, string CertificateDirectory, bool ClientCertificate)
{
    public string CaFile => Path.Combine(CertificateDirectory, "ca.pem");

    public string CertFile => Path.Combine(CertificateDirectory, "cert.pem");

    public string KeyFile => Path.Combine(CertificateDirectory, "key.pem");

    /// <summary>How the connection is protected, in words for a log line or the doctor's table.</summary>
    public string Description =>
        (VerifyEngine ? $"TLS, engine verified against {CaFile}" : "TLS without verifying the engine's certificate (DOCKER_TLS)")
        + (ClientCertificate ? $", client certificate {CertFile}" : ", no client certificate");
}
