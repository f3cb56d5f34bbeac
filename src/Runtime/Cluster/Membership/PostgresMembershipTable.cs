using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netra.Runtime.Placement;
using Npgsql;
using NpgsqlTypes;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>
/// The membership table in PostgreSQL (<c>netra_membership_version</c> and <c>netra_membership</c>, migration
/// 0002). Each operation is one statement, so each is atomic without an explicit transaction: the CAS writes lock
/// the cluster's version row first, and a second writer with the same expected version waits for that lock and then
/// finds the version changed. The schema comes from <c>PostgresMigrator</c>.
/// </summary>
/// <remarks>The data source is the caller's: this class never disposes it.</remarks>
public sealed class PostgresMembershipTable(
    NpgsqlDataSource dataSource, string clusterId, ILogger<PostgresMembershipTable>? logger = null) : IMembershipTable
{
    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    private readonly ILogger _logger = logger ?? NullLogger<PostgresMembershipTable>.Instance;

    /// <inheritdoc />
    public string ClusterId { get; } = string.IsNullOrWhiteSpace(clusterId)
        ? throw new ArgumentException("A cluster id is required.", nameof(clusterId))
        : clusterId;

    /// <inheritdoc />
    public async Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(PostgresMembershipSql.ReadAll);
        command.Parameters.Add(Text(ClusterId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long version = 0;
        var entries = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version = reader.GetInt64(0);
            if (await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false))
            {
                continue; // The version row of a cluster without rows (LEFT JOIN).
            }

            var silo = new SiloAddress(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3));
            entries.Add(new MembershipEntry(
                silo,
                reader.GetString(4),
                (SiloStatus)reader.GetInt16(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetFieldValue<DateTimeOffset>(7))
            {
                Suspicions = SuspicionJson.Read(reader.GetString(8)),
                Etag = reader.GetInt64(9),
            });
        }

        return new MembershipSnapshot(version, entries);
    }

    /// <inheritdoc />
    public async Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var sql = expectedVersion == 0 ? PostgresMembershipSql.InsertFirst : PostgresMembershipSql.Insert;
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(Text(ClusterId));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
        AddKey(command, entry.Silo);
        command.Parameters.Add(Text(entry.SiloName));
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)entry.Status });
        command.Parameters.Add(Time(entry.StartTime));
        command.Parameters.Add(Time(entry.IAmAliveTime));
        command.Parameters.Add(Json(entry.Suspicions));
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The key exists, or another live row holds the endpoint. The statement, version bump included, rolled back.
            MembershipLog.InsertRejected(_logger, entry.Silo.ToString(), e.ConstraintName);
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> UpdateRowAsync(
        MembershipEntry entry, long expectedEtag, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = _dataSource.CreateCommand(PostgresMembershipSql.Update);
        command.Parameters.Add(Text(ClusterId));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
        AddKey(command, entry.Silo);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedEtag });
        command.Parameters.Add(Text(entry.SiloName));
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)entry.Status });
        command.Parameters.Add(Time(entry.IAmAliveTime));
        command.Parameters.Add(Json(entry.Suspicions));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long;
    }

    /// <inheritdoc />
    public async Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await using var command = _dataSource.CreateCommand(PostgresMembershipSql.UpdateIAmAlive);
        command.Parameters.Add(Text(ClusterId));
        AddKey(command, silo);
        command.Parameters.Add(Time(time));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> CleanupDefunctEntriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(PostgresMembershipSql.CleanupDefunct);
        command.Parameters.Add(Text(ClusterId));
        command.Parameters.Add(Time(olderThan));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddKey(NpgsqlCommand command, SiloAddress silo)
    {
        command.Parameters.Add(Text(silo.Host));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = silo.Port });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = silo.Generation });
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    private static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { TypedValue = value.ToUniversalTime() };

    private static NpgsqlParameter<string> Json(IReadOnlyList<SuspectVote> votes) =>
        new() { TypedValue = SuspicionJson.Write(votes), NpgsqlDbType = NpgsqlDbType.Jsonb };
}
