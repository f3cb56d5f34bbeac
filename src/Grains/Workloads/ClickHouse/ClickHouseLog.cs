using Microsoft.Extensions.Logging;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>The ClickHouse store's log messages, source-generated. Event ids 9100–9149. No message carries a credential.</summary>
internal static partial class ClickHouseLog
{
    [LoggerMessage(9100, LogLevel.Information, "Workload store: ClickHouse at {Url}, database {Database}, at most {MaxEventsPerUser} events per user")]
    public static partial void Configured(ILogger logger, string url, string database, int maxEventsPerUser);

    [LoggerMessage(9101, LogLevel.Information, "ClickHouse workload schema migrated from version {From} to {To} in database {Database}")]
    public static partial void Migrated(ILogger logger, int from, int to, string database);

    [LoggerMessage(9102, LogLevel.Warning, "ClickHouse request {Operation} failed (attempt {Attempt} of {MaxAttempts}), retrying in {DelayMs} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, int maxAttempts, long delayMs, string reason);

    [LoggerMessage(9103, LogLevel.Error, "ClickHouse request {Operation} failed after {Attempts} attempts: {Reason}")]
    public static partial void Unavailable(ILogger logger, string operation, int attempts, string reason);

    [LoggerMessage(9104, LogLevel.Warning, "The asynchronous removal of dataset '{Dataset}' of user {UserId} could not be started; its events stay hidden")]
    public static partial void PurgeFailed(ILogger logger, string userId, string dataset, Exception exception);

    [LoggerMessage(9105, LogLevel.Debug, "Stored {Count} workload events for user {UserId} in ClickHouse")]
    public static partial void Inserted(ILogger logger, string userId, int count);

    [LoggerMessage(9106, LogLevel.Information, "Dataset '{Dataset}' of user {UserId} deleted (events before seq {BeforeSeq} hidden)")]
    public static partial void DatasetDeleted(ILogger logger, string userId, string dataset, ulong beforeSeq);

    [LoggerMessage(9107, LogLevel.Information, "An insert of {Count} events for user {UserId} whose answer was lost had been stored; not repeated")]
    public static partial void InsertConfirmedAfterFailure(ILogger logger, string userId, int count);

    [LoggerMessage(9108, LogLevel.Warning, "An insert of {Count} events for user {UserId} was stored but not rolled up into {Table}; rolled up from the stored events")]
    public static partial void RollupRepaired(ILogger logger, string table, string userId, int count);

    [LoggerMessage(9109, LogLevel.Error, "An insert of {Count} events for user {UserId} is only partly rolled up into {Table} ({RolledUp} events); that rollup disagrees with the events")]
    public static partial void RollupPartial(ILogger logger, string table, string userId, int count, long rolledUp);
}
