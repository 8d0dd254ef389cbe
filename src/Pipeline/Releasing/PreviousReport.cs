using CudaImages.Reporting;

namespace CudaImages.Releasing;

/// <summary>Reads --previous-report: a missing or unreadable file is bad input (exit 2), named with the fix.</summary>
public static class PreviousReport
{
    /// <summary>Where ReleaseNotes keeps the previous GitHub release's report.json it downloaded.</summary>
    public const string RelativePath = "release/previous-report.json";

    public static ReportFile Read(string path)
    {
        try
        {
            return ReportFile.Read(path);
        }
        catch (FileNotFoundException)
        {
            throw new InputException($"--previous-report {path} does not exist; pass the report.json of the previous release (a GitHub release's report.json asset) or leave the parameter out");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--previous-report {path} is not a report.json this build reads ({e.Message.TrimEnd('.')}); pass the report.json asset of the previous release");
        }
    }
}
