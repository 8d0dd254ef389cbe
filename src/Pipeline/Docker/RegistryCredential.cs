using System.Text;

namespace CudaImages.Docker;

/// <summary>A registry login. Never printed: <see cref="ToString"/> leaves the password out, so a log line or an exception cannot carry it.</summary>
public sealed record RegistryCredential(string Username, string Password, string Source)
{
    public override string ToString() => $"user '{Username}' ({Source})";

    public string BasicHeaderValue => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
}
