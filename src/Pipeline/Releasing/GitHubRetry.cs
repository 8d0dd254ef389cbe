using System.Globalization;
using System.Net;
using Octokit;
using Polly;
using Polly.Retry;

namespace CudaImages.Releasing;

/// <summary>How often and how long to retry GitHub's rate limits and server errors; tests shorten the delays.</summary>
public sealed record GitHubRetryOptions(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static GitHubRetryOptions Default { get; } = new(4, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));
}

/// <summary>
/// Retries what GitHub says is worth retrying: 5xx, 429 and 403 rate-limit answers (waiting as Retry-After or
/// x-ratelimit-reset asks, exponential backoff otherwise), and broken connections. A rate limit that resets later
/// than <see cref="GitHubRetryOptions.MaxDelay"/> is not waited for: the run fails and says when to try again.
/// </summary>
public static class GitHubRetry
{
    /// <param name="time">Waits out the delays and says what time it is (x-ratelimit-reset); tests give a fake one.</param>
    public static ResiliencePipeline Pipeline(GitHubRetryOptions options, Action<string> log, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var now = time.GetUtcNow;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e, options, now())),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ApiException e && AskedDelay(e, now()) is { } asked ? (TimeSpan?)Min(asked, options.MaxDelay) : null),
                OnRetry = args =>
                {
                    log($"GitHub: {Describe(args.Outcome.Exception)}; retry {args.AttemptNumber + 1} of {options.MaxRetries} in {args.RetryDelay.TotalSeconds:0.#} s");
                    return default;
                },
            })
            .Build();
    }

    internal static bool IsTransient(Exception exception, GitHubRetryOptions options, DateTimeOffset now) => exception switch
    {
        HttpRequestException => true,
        ApiException e when IsRateLimit(e) => AskedDelay(e, now) is not { } asked || asked <= options.MaxDelay,
        ApiException e => (int)e.StatusCode >= 500,
        _ => false,
    };

    public static bool IsRateLimit(ApiException e) =>
        e is RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException ||
        (int)e.StatusCode == 429 ||
        (e.StatusCode == HttpStatusCode.Forbidden && (Header(e, "x-ratelimit-remaining") == "0" || Header(e, "retry-after") is not null));

    /// <summary>Retry-After seconds, else the time until x-ratelimit-reset when the limit is used up.</summary>
    public static TimeSpan? AskedDelay(ApiException e, DateTimeOffset now)
    {
        if (Header(e, "retry-after") is { } after && int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(seconds);
        if (Header(e, "x-ratelimit-remaining") == "0" && ResetAt(e) is { } reset)
            return reset > now ? reset - now : TimeSpan.Zero;
        return null;
    }

    public static DateTimeOffset? ResetAt(ApiException e) =>
        Header(e, "x-ratelimit-reset") is { } reset && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;

    static string? Header(ApiException e, string name) =>
        e.HttpResponse?.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    static string Describe(Exception? e) => e switch
    {
        ApiException api when IsRateLimit(api) => $"rate limited ({(int)api.StatusCode})",
        ApiException api => $"{(int)api.StatusCode} {api.StatusCode}",
        null => "no answer",
        _ => e.Message,
    };
}
