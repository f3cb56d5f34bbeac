namespace Netra.Gateway.Workloads;

/// <summary>The workloads API's log messages, source-generated. Event ids 2400–2449.</summary>
internal static partial class WorkloadsApiLog
{
    [LoggerMessage(2400, LogLevel.Debug, "User {UserId} posted {Bytes} bytes of workload events: {Accepted} accepted, {Rejected} rejected")]
    public static partial void Ingested(ILogger logger, string userId, int accepted, int rejected, int bytes);

    [LoggerMessage(2401, LogLevel.Debug, "User {UserId} posted a workload body of at least {Size} bytes, over the limit of {Limit}: 413")]
    public static partial void BodyTooLarge(ILogger logger, string userId, long size, long limit);

    [LoggerMessage(2402, LogLevel.Information, "User {UserId} deleted workload dataset '{Dataset}'")]
    public static partial void DatasetDeleted(ILogger logger, string userId, string dataset);

    [LoggerMessage(2420, LogLevel.Information, "User {UserId} imported a {Format} trace of {Bytes} bytes: {Accepted} accepted, {Rejected} rejected")]
    public static partial void Imported(ILogger logger, string userId, string format, long bytes, long accepted, long rejected);

    [LoggerMessage(2421, LogLevel.Debug, "User {UserId} sent an import body marked gzip that is not: {Reason}")]
    public static partial void BadGzip(ILogger logger, string userId, string reason);
}
