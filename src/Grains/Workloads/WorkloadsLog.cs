using Microsoft.Extensions.Logging;

namespace Netra.Grains.Workloads;

/// <summary>The workload store's and ingestion's log messages, source-generated. Event ids 9000–9049.</summary>
internal static partial class WorkloadsLog
{
    [LoggerMessage(9000, LogLevel.Debug, "Ingested workload events for user {UserId}: {Accepted} accepted, {Rejected} rejected")]
    public static partial void Ingested(ILogger logger, string userId, int accepted, int rejected);

    [LoggerMessage(9001, LogLevel.Warning, "The workload store of user {UserId} is full: {Count} events were rejected")]
    public static partial void StoreFull(ILogger logger, string userId, int count);

    [LoggerMessage(9002, LogLevel.Information, "Demo workload ({Count} events in dataset '{Dataset}') added for user {UserId}")]
    public static partial void DemoSeeded(ILogger logger, string userId, int count, string dataset);

    [LoggerMessage(9003, LogLevel.Warning, "The demo workload could not be added for user {UserId}")]
    public static partial void DemoSeedFailed(ILogger logger, string userId, Exception exception);

    [LoggerMessage(9004, LogLevel.Information, "Workload store: {Store}, at most {MaxEventsPerUser} events per user, demo data {DemoData}")]
    public static partial void StoreConfigured(ILogger logger, string store, int maxEventsPerUser, bool demoData);
}
