using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Netra.Runtime.Persistence.Postgres;

/// <summary>
/// Grain storage in PostgreSQL, one row of <c>netra_grain_state</c> per grain state. The row's <c>version</c> is the
/// ETag. Every write and clear is a single statement that checks the version and increments it, so there is no
/// transaction and no read before a write; a lost race returns no row and becomes an
/// <see cref="InconsistentStateException"/>. The schema comes from <see cref="PostgresMigrator"/>.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private const string ReadSql =
        "SELECT version, payload FROM netra_grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3";

    private const string ReadVersionSql =
        "SELECT version FROM netra_grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3";

    // First write: succeeds only if no row exists, tombstones included.
    private const string InsertSql = """
        INSERT INTO netra_grain_state (grain_type, grain_key, state_name, version, payload)
        VALUES ($1, $2, $3, 1, $4)
        ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
        RETURNING version
        """;

    private const string UpdateSql = """
        UPDATE netra_grain_state SET version = version + 1, payload = $4, modified_at = now()
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $5
        RETURNING version
        """;

    // Clearing keeps the row as a tombstone with a new version, so the pre-clear ETag can never match again.
    private const string ClearSql = """
        UPDATE netra_grain_state SET version = version + 1, payload = NULL, modified_at = now()
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $4
        RETURNING version
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly int _commandTimeoutSeconds;
    private readonly ILogger _logger;

    /// <summary>Creates the provider and its connection pool. The schema must already exist.</summary>
    public PostgresGrainStorage(PostgresGrainStorageOptions options, ILogger<PostgresGrainStorage>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _commandTimeoutSeconds = PostgresGrainStorageOptions.ToCommandTimeoutSeconds(options.CommandTimeout);
        _logger = logger ?? NullLogger<PostgresGrainStorage>.Instance;
    }

    /// <inheritdoc />
    public async Task<StoredState> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        await using var command = CreateCommand(ReadSql, grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return StoredState.Missing;
        }

        var etag = FormatEtag(reader.GetInt64(0));
        if (await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false))
        {
            return new StoredState(null, etag);
        }

        // Npgsql hands jsonb over as its UTF-8 JSON text.
        var payload = await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false);
        return new StoredState(payload, etag);
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(
        GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        long expectedVersion = 0;
        if (expectedEtag is not null && !TryParseEtag(expectedEtag, out expectedVersion))
        {
            // Not a version this provider ever returned, so it cannot match.
            throw await ConflictAsync("Write", grainId, stateName, expectedEtag, cancellationToken).ConfigureAwait(false);
        }

        await using var command = CreateCommand(expectedEtag is null ? InsertSql : UpdateSql, grainId, stateName);
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Jsonb });
        if (expectedEtag is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
        }

        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long newVersion)
        {
            return FormatEtag(newVersion);
        }

        throw await ConflictAsync("Write", grainId, stateName, expectedEtag, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string?> ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        if (expectedEtag is null)
        {
            // Nothing to clear if nothing was ever stored; any row, tombstone included, means the caller is behind.
            await using var read = CreateCommand(ReadVersionSql, grainId, stateName);
            if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long storedVersion)
            {
                throw Conflict("Clear", grainId, stateName, expectedEtag, FormatEtag(storedVersion), storedKnown: true);
            }

            return null;
        }

        if (!TryParseEtag(expectedEtag, out var expectedVersion))
        {
            throw await ConflictAsync("Clear", grainId, stateName, expectedEtag, cancellationToken).ConfigureAwait(false);
        }

        await using var command = CreateCommand(ClearSql, grainId, stateName);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long newVersion)
        {
            return FormatEtag(newVersion);
        }

        throw await ConflictAsync("Clear", grainId, stateName, expectedEtag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the provider's connection pool.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private NpgsqlCommand CreateCommand(string sql, GrainId grainId, string stateName)
    {
        var command = _dataSource.CreateCommand(sql);
        command.CommandTimeout = _commandTimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        return command;
    }

    /// <summary>
    /// Builds the exception for a lost race. Only on this failure path, the stored version is read for the message:
    /// a best-effort second statement, since the row may change again at any moment.
    /// </summary>
    private async Task<InconsistentStateException> ConflictAsync(
        string operation, GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        string? storedEtag = null;
        var storedKnown = false;
        try
        {
            await using var read = CreateCommand(ReadVersionSql, grainId, stateName);
            var stored = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            storedEtag = stored is long version ? FormatEtag(version) : null;
            storedKnown = true;
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // The conflict is the outcome the caller must act on; the stored version is only detail for the message.
            PostgresLog.StoredVersionUnavailable(_logger, stateName, grainId.Type, grainId.Key, exception);
        }

        return Conflict(operation, grainId, stateName, expectedEtag, storedEtag, storedKnown);
    }

    private InconsistentStateException Conflict(
        string operation, GrainId grainId, string stateName, string? expectedEtag, string? storedEtag, bool storedKnown)
    {
        PostgresLog.Conflict(_logger, operation, stateName, grainId.Type, grainId.Key, expectedEtag, storedEtag);
        var expected = expectedEtag is null ? "nothing stored" : $"version {expectedEtag}";
        var stored = !storedKnown ? "an unknown version" : storedEtag is null ? "nothing" : $"version {storedEtag}";
        return new InconsistentStateException(
            $"{operation} of state '{stateName}' of grain {grainId} lost a race: the writer expected {expected}, storage holds {stored}.",
            storedEtag,
            expectedEtag);
    }

    private static bool TryParseEtag(string etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    private static string FormatEtag(long version) => version.ToString(CultureInfo.InvariantCulture);
}
