using System.Text.Json.Serialization;

namespace CudaImages.Smoke;

[JsonConverter(typeof(JsonStringEnumConverter<SmokeStatus>))]
public enum SmokeStatus { Passed, Failed, NotRun }

/// <summary>Why a check did not run, in the words the reports show.</summary>
public static class NotRunReason
{
    public const string NoGpu = "no GPU";
    public const string ImageMissing = "image missing";
    public const string ParentFailed = "parent failed";
    public const string CurrentInRegistry = "current in registry";
}

/// <summary>
/// One smoke check of one image. Where: the host it ran on, e.g. "NVIDIA H200, driver 580.159.03".
/// ImageId: the image that was checked, so a later rebuild under the same tag is not published on these results.
/// </summary>
public sealed record SmokeResult(
    string Image,
    string Check,
    SmokeStatus Status,
    string? Reason,
    double Seconds,
    string? Output,
    string Where,
    string? ImageId = null)
{
    public static SmokeResult NotRun(string image, string check, string reason, SmokeHost host) =>
        new(image, check, SmokeStatus.NotRun, reason, 0, null, host.Description);

    /// <summary>The result of a check that ran: its exit code and output judged honestly for this host.</summary>
    public static SmokeResult FromRun(string image, string check, int exitCode, string output, double seconds, SmokeHost host)
    {
        var verdict = SmokeVerdict.Judge(exitCode, output, host.HasGpu);
        return new(image, check, verdict.Status, verdict.Reason, seconds, output, host.Description);
    }
}
