using Microsoft.Extensions.Logging;

namespace Netra.Runtime.Persistence.Postgres;

/// <summary>
/// Source-generated log messages of the PostgreSQL providers. Event ids 3000–3099. Connection strings and passwords
/// are never logged; the database name is.
/// </summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "Applied PostgreSQL migration {Version:D4}_{Name} to database {Database}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name, string? database);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug,
        Message = "PostgreSQL schema of database {Database} is up to date ({Count} migrations)")]
    public static partial void SchemaUpToDate(ILogger logger, string? database, int count);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Database {Database} has migration {Version} that this silo does not know; a newer silo applied it")]
    public static partial void UnknownMigrationApplied(ILogger logger, string? database, int version);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug,
        Message = "{Operation} of state {StateName} of grain {GrainType}/{GrainKey} conflicted: expected version {ExpectedEtag}, stored {StoredEtag}")]
    public static partial void Conflict(
        ILogger logger, string operation, string stateName, string grainType, string grainKey, string? expectedEtag, string? storedEtag);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "Could not read the stored version of state {StateName} of grain {GrainType}/{GrainKey} after a conflict")]
    public static partial void StoredVersionUnavailable(
        ILogger logger, string stateName, string grainType, string grainKey, Exception exception);
}
