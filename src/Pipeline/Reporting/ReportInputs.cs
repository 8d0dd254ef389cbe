using CudaImages.Building;
using CudaImages.IO;
using CudaImages.Publishing;
using CudaImages.Sboms;
using CudaImages.Sizes;
using CudaImages.Smoke;

namespace CudaImages.Reporting;

/// <summary>
/// The results other targets wrote that a report shows. Each may be missing (that target did not run here),
/// and the report then says so instead of guessing.
/// </summary>
public sealed record ReportInputs(BuildFile? Build, SmokeResultsFile? Smoke, SizesFile? Sizes, PublishFile? Publish)
{
    /// <summary>artifacts/sbom/sboms.json: which SBOM files describe which image.</summary>
    public SbomsFile? Sboms { get; init; }

    public static ReportInputs None { get; } = new(null, null, null, null);

    /// <summary>Reads what exists under the artifacts folder; a file that exists but cannot be read is bad input naming the target to rerun.</summary>
    public static ReportInputs Read(string artifactsDirectory)
    {
        string PathOf(string relative) => Path.Combine(artifactsDirectory, relative);
        return new(
            ReadIfExists(PathOf(BuildFile.RelativePath), BuildFile.Read, "BuildImages"),
            ReadIfExists(PathOf(SmokeResultsFile.RelativePath), SmokeResultsFile.Read, "SmokeTest"),
            ReadIfExists(PathOf(SizesFile.RelativePath), SizesFile.Read, "MeasureSizes"),
            ReadIfExists(PathOf(PublishFile.RelativePath), PublishFile.Read, "Publish"))
        {
            Sboms = ReadIfExists(PathOf(SbomsFile.RelativePath), SbomsFile.Read, "Sbom"),
        };
    }

    static T? ReadIfExists<T>(string path, Func<string, T> read, string target) where T : class
    {
        if (RegularFile.Inspect(path).Kind == FileKind.Missing) return null;
        try
        {
            return read(path);
        }
        catch (InvalidDataException e)
        {
            throw new InputException(e.Message);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InputException($"{path} is not a {target} artifact ({e.Message}); run the {target} target again or delete the file");
        }
    }
}
