namespace Netra.Gateway.Http;

/// <summary>The HTTP plumbing's log messages, source-generated. Event ids 2200–2249.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(2200, LogLevel.Debug, "{Method} {Path} rejected with {Status}: the request could not be bound")]
    public static partial void RequestRejected(ILogger logger, string method, string path, int status, Exception exception);

    [LoggerMessage(2201, LogLevel.Warning, "{Method} {Path} answered 503: the workload store is unavailable")]
    public static partial void WorkloadStoreUnavailable(ILogger logger, string method, string path, Exception exception);
}
