using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Smoke;

namespace CudaImages.Publishing;

/// <summary>
/// Decides from artifacts/smoke/results.json which images may be published: none of its checks failed, at least one ran
/// and passed, and every check its flavor lists under publish_requires passed. A check that could not run here
/// (no GPU) blocks only when it is required. Results must name the image they checked: results without an image ID
/// could be for an older build under the same tag, so they are never trusted.
/// </summary>
public sealed class SmokeGate(IReadOnlyList<SmokeResult> results, IReadOnlyDictionary<string, IReadOnlyList<string>> requiredByFlavor)
{
    readonly ILookup<string, SmokeResult> byImage = results.ToLookup(r => r.Image);

    /// <summary>Why the local image <paramref name="imageId"/> must not be published, or null when it may.</summary>
    public string? BlockedBecause(ImageSpec image, string imageId)
    {
        var own = byImage[image.Tag].ToList();
        if (own.Count == 0)
            return "no smoke results; run SmokeTest first";
        // A check that found no image has no ID to record; it blocks below as "no smoke check ran".
        if (own.Any(r => r.ImageId is null && r.Reason != NotRunReason.ImageMissing))
            return "the smoke results do not say which image they checked (no image ID), so they may be for an older build under this tag; run SmokeTest again";
        if (own.FirstOrDefault(r => r.ImageId is not null && r.ImageId != imageId) is { } stale)
            return $"the smoke results are for image {Digests.Short(stale.ImageId!)}, the engine now has {Digests.Short(imageId)} under this tag; run SmokeTest again";

        var failed = own.Where(r => r.Status == SmokeStatus.Failed).ToList();
        if (failed.Count > 0)
            return string.Join("; ", failed.Select(f => $"smoke check {f.Check} failed" + (f.Reason is { Length: > 0 } why ? $": {why}" : "")));

        var required = requiredByFlavor.GetValueOrDefault(image.Flavor) ?? [];
        foreach (var check in required)
        {
            var result = own.FirstOrDefault(r => r.Check == check);
            if (result is null)
                return $"smoke check {check}, required for publishing, has no result; run SmokeTest again";
            if (result.Status != SmokeStatus.Passed)
                return $"smoke check {check}, required for publishing, did not run" + (result.Reason is { Length: > 0 } why ? $" ({why})" : "");
        }

        if (own.All(r => r.Status != SmokeStatus.Passed))
            return "no smoke check ran" + (own.Select(r => r.Reason).FirstOrDefault(r => r is { Length: > 0 }) is { } reason ? $" ({reason})" : "");
        return null;
    }
}
