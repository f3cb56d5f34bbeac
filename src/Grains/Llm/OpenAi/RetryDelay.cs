using System.ClientModel.Primitives;
using System.Globalization;

namespace Netra.Grains.Llm.OpenAi;

/// <summary>How long to wait before the next attempt: what the server asked for, or exponential backoff with jitter.</summary>
internal static class RetryDelay
{
    /// <summary>
    /// The wait a response asks for: <c>retry-after-ms</c> (milliseconds, as OpenAI sends), else <c>retry-after</c> as
    /// seconds or as an HTTP date; null when it asks for none.
    /// </summary>
    public static TimeSpan? RequestedBy(PipelineResponse? response, TimeProvider time)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return response.Headers.TryGetValue("retry-after", out var retryAfter) ? Parse(retryAfter, time.GetUtcNow()) : null;
    }

    /// <summary>A <c>retry-after</c> value, seconds or an HTTP date, as a wait from <paramref name="now"/>; null when it is neither.</summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1: the server's <paramref name="requested"/> wait plus up to
    /// a tenth more, or else <paramref name="baseDelay"/> doubled per attempt, capped at <paramref name="maxDelay"/>,
    /// scaled by a random factor between one half and one.
    /// </summary>
    public static TimeSpan Next(int attempt, TimeSpan? requested, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (requested is { } wait)
        {
            return wait + (wait * (Random.Shared.NextDouble() / 10));
        }

        var exponential = baseDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = exponential < maxDelay ? exponential : maxDelay;
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
    }
}
