using CudaImages.Reporting;

namespace CudaImages.Tests.Releasing;

/// <summary>Small builders for report.json contents, and the committed previous-release fixture.</summary>
public static class ReleaseFixtures
{
    public static string PreviousReportPath => Path.Combine(TestPaths.Fixture("release"), "previous-report.json");

    static readonly Dictionary<string, (string Minimum, string Compat)> Drivers = new()
    {
        ["11.8.0"] = ("520.61.05", "450.80.02"),
        ["12.4.0"] = ("550.54.14", "525.60.13"),
        ["12.4.1"] = ("550.54.15", "525.60.13"),
        ["12.8.1"] = ("570.124.06", "525.60.13"),
        ["13.0.0"] = ("580.65.06", "580.65.06"),
    };

    /// <summary>An image as Report writes it: tag X.Y.Z-flavor-distro, aliases X.Y-… and X-…, every check passed.</summary>
    public static ReportImage Image(string cuda, string flavor, string distro = "debian13", long? size = 1_000_000_000,
        string? digest = null, string? framework = null, string? frameworkVersion = null, params ReportCheck[] checks)
    {
        var tag = $"{cuda}-{flavor}-{distro}";
        var parts = cuda.Split('.');
        var (minimum, compat) = Drivers[cuda];
        return new ReportImage(tag, $"cuda:{tag}", [$"{parts[0]}.{parts[1]}-{flavor}-{distro}", $"{parts[0]}-{flavor}-{distro}"],
            digest ?? Digest(tag), null, cuda, distro, flavor, null, framework, frameworkVersion, size, null, null, null,
            minimum, compat, ["sm_80", "sm_90"], ["sm_90"],
            checks.Length > 0 ? checks : [Check("env"), Check("cuda-libs")], []);
    }

    public static ReportCheck Check(string name, string status = "passed", string? reason = null) => new(name, status, reason, "test host");

    public static ReportFile Report(DateTimeOffset at, params ReportImage[] images) =>
        new(ReportFile.CurrentSchema, at, "0123456789abcdef0123456789abcdef01234567", "cuda", "ghcr.io/acme/cuda", [535, 550], images);

    public static string Digest(string seed) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));
}
