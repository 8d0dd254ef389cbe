using System.Text.Json;
using System.Text.Json.Serialization;
using CudaImages.Artifacts;

namespace CudaImages.Smoke;

/// <summary>artifacts/doctor.json: the doctor's report for CI and for people who ask "why did GPU checks not run?".</summary>
public static class DoctorFile
{
    public const int CurrentSchema = 1;

    /// <summary>Relative to the artifacts folder.</summary>
    public const string RelativePath = "doctor.json";

    static readonly JsonSerializerOptions Json = new(ArtifactFile.Json)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    sealed record Contents(int SchemaVersion, bool Ready, bool GpuReady, IReadOnlyList<DoctorCheck> Checks, IReadOnlyList<ImageVerdict> Images);

    public static void Write(string path, DoctorReport report)
    {
        ArtifactFile.Write(path, new Contents(CurrentSchema, report.Ready, report.GpuReady, report.Checks, report.Images), Json);
    }
}
