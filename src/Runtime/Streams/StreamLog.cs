using Microsoft.Extensions.Logging;

namespace Netra.Runtime.Streams;

/// <summary>The streams' log messages, event ids 8000–8099.</summary>
internal static partial class StreamLog
{
    [LoggerMessage(8000, LogLevel.Warning, "Stream {Stream} was appended to by another activation while this one was at {Last}; it takes up the new count and deactivates.")]
    public static partial void StaleActivation(ILogger logger, string stream, long last);

    [LoggerMessage(8001, LogLevel.Debug, "A push on stream {Stream} to subscription {Subscription} failed; the subscriber will read it from the log.")]
    public static partial void PushFailed(ILogger logger, Exception exception, string stream, Guid subscription);

    [LoggerMessage(8002, LogLevel.Information, "Subscription {Subscription} to stream {Stream} lapsed: it stopped renewing.")]
    public static partial void LeaseLapsed(ILogger logger, string stream, Guid subscription);

    [LoggerMessage(8003, LogLevel.Warning, "Renewing subscription {Subscription} to stream {Stream} failed; it retries at the next renewal.")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string stream, Guid subscription);

    [LoggerMessage(8004, LogLevel.Warning, "Subscription {Subscription} to stream {Stream} skipped from {From} to {To}: those items were trimmed by retention.")]
    public static partial void Trimmed(ILogger logger, string stream, Guid subscription, long from, long to);

    [LoggerMessage(8005, LogLevel.Error, "The callback of subscription {Subscription} to stream {Stream} threw; the subscription ends.")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string stream, Guid subscription);

    [LoggerMessage(8006, LogLevel.Warning, "Reading stream {Stream} for subscription {Subscription} failed; it retries.")]
    public static partial void CatchUpFailed(ILogger logger, Exception exception, string stream, Guid subscription);

    [LoggerMessage(8007, LogLevel.Warning, "The hourly sweep of stream items past retention failed; it runs again in an hour.")]
    public static partial void RetentionSweepFailed(ILogger logger, Exception exception);
}
