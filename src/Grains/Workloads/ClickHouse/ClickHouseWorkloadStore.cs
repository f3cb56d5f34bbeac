using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// The <see cref="IWorkloadStore"/> in ClickHouse (18.16 and later), over its HTTP interface. Every query is one SQL
/// aggregation (see the Workloads README); rows are sorted here with the embedded store's order. Appends are one
/// streamed <c>INSERT … FORMAT RowBinary</c> per batch and are acknowledged only once ClickHouse confirmed them. A
/// deleted dataset is hidden at once by a deletion marker and removed later by an asynchronous mutation. Migrated on first
/// use. Capacity (<see cref="WorkloadOptions.MaxEventsPerUser"/>) is exact in a process; several may overshoot it by a batch.
/// </summary>
public sealed partial class ClickHouseWorkloadStore : IWorkloadStore, IDisposable
{
    /// <summary>The most rows of one insert request: below ClickHouse's max_insert_block_size, so a request is stored whole or not at all.</summary>
    internal const int MaxRowsPerInsert = 500_000;

    private readonly IOptions<WorkloadOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClickHouseWorkloadStore> _logger;
    private readonly HttpClient _client;
    private readonly ClickHouseHttp _http;
    private readonly string _database;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _userLocks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _migrated;

    /// <summary>Creates the store; nothing is sent to ClickHouse before the first call.</summary>
    public ClickHouseWorkloadStore(IOptions<WorkloadOptions> options, TimeProvider time, ILogger<ClickHouseWorkloadStore> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        var settings = options.Value.ClickHouse;
        _database = ClickHouseSql.Identifier(settings.Database);
        _client = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2), // ClickHouse closes idle keep-alive connections after 3 s
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        _http = new ClickHouseHttp(_client, settings, time, logger);
    }

    /// <summary>Creates the database and tables, or brings them to the current version; idempotent. Runs on first use anyway.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (_migrated)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated)
            {
                await ClickHouseMigrator.MigrateAsync(_http, _database, _time, _logger, cancellationToken).ConfigureAwait(false);
                _migrated = true;
            }
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<int> AppendAsync(string userId, IReadOnlyList<WorkloadEvent> events, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(events);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var gate = _userLocks.GetOrAdd(userId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var count = await CountAsync(userId, cancellationToken).ConfigureAwait(false);
            var stored = (int)Math.Min(events.Count, Math.Max(0, _options.Value.MaxEventsPerUser - count));
            for (var offset = 0; offset < stored; offset += MaxRowsPerInsert)
            {
                await InsertAsync(userId, events, offset, Math.Min(MaxRowsPerInsert, stored - offset), cancellationToken).ConfigureAwait(false);
            }

            ClickHouseLog.Inserted(_logger, userId, stored);
            return stored;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkloadDataset>> ListDatasetsAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var sql = $"{ClickHouseQueries.DeletedWith(_database, userId)} SELECT dataset, count() AS n, min(ts_ms) AS first, max(ts_ms) AS last "
            + $"FROM {_database}.{ClickHouseSchema.Events} WHERE {ClickHouseMarkers.Visible(userId)} GROUP BY dataset FORMAT JSONEachRow";
        var rows = await _http.QueryAsync("list datasets", sql, cancellationToken).ConfigureAwait(false);
        return
        [
            .. rows
                .Select(r => new WorkloadDataset(
                    r.GetProperty("dataset").GetString()!,
                    r.GetProperty("n").GetInt64(),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetProperty("first").GetInt64()),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetProperty("last").GetInt64())))
                .OrderBy(d => d.Name, StringComparer.Ordinal),
        ];
    }

    /// <inheritdoc />
    public async Task<bool> DeleteDatasetAsync(string userId, string dataset, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(dataset);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var gate = _userLocks.GetOrAdd(userId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sql = $"{ClickHouseQueries.DeletedWith(_database, userId)} SELECT count() AS n, max(seq) AS s FROM {_database}.{ClickHouseSchema.Events} "
                + $"WHERE {ClickHouseMarkers.Visible(userId)} AND dataset = {ClickHouseSql.String(dataset)} FORMAT JSONEachRow";
            var row = (await _http.QueryAsync("find dataset", sql, cancellationToken).ConfigureAwait(false)).Single();
            if (row.GetProperty("n").GetInt64() == 0)
            {
                return false;
            }

            var before = ClickHouseSequence.Past(_time, row.GetProperty("s").GetUInt64() + 1);
            var marker = $"INSERT INTO {_database}.{ClickHouseSchema.Deletions} (user_id, dataset, before_seq, deleted_at) VALUES "
                + $"({ClickHouseSql.String(userId)}, {ClickHouseSql.String(dataset)}, {ClickHouseSql.Number(before)}, now())";
            await _http.ExecuteAsync("mark dataset deleted", marker, cancellationToken).ConfigureAwait(false); // a repeat is harmless
            ClickHouseLog.DatasetDeleted(_logger, userId, dataset, before);
            await PurgeAsync(userId, dataset, before, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<WorkloadQueryResult> QueryAsync(string userId, WorkloadQuery query, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var result = await AggregateAsync(userId, query, cancellationToken).ConfigureAwait(false);
        result.Sort(WorkloadRowOrder.Instance);
        return new WorkloadQueryResult(result);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Buckets of whole hours that the rollup serves are reduced from its rows; any other is one nested statement
    /// (<see cref="ClickHousePeaks"/>), so only a row per group travels.
    /// </remarks>
    public async Task<IReadOnlyList<WorkloadPeakRow>> PeaksAsync(string userId, WorkloadPeakQuery query, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        if (ClickHouseRollup.Hourly.Serves(query.PerBucket))
        {
            return query.Reduce((await QueryAsync(userId, query.PerBucket, cancellationToken).ConfigureAwait(false)).Rows);
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ClickHouseMarkers.QueryAsync(_http, _database, userId, "query peaks", m => ClickHousePeaks.Sql(_database, userId, query, m), ClickHousePeaks.Reader(query), cancellationToken)
            .ConfigureAwait(false);
        var peaks = rows.OfType<WorkloadPeakRow>().ToList();
        peaks.Sort((a, b) => WorkloadRowOrder.CompareKeys(a.Keys, b.Keys));
        return peaks;
    }

    /// <summary>
    /// The rows of <paramref name="query"/>: from the hourly rollup when it serves the query and no deletion marker cuts
    /// one of the user's rollup rows (checked at the same time), otherwise from the events.
    /// </summary>
    private async Task<List<WorkloadQueryRow>> AggregateAsync(string userId, WorkloadQuery query, CancellationToken cancellationToken)
    {
        var parse = ClickHouseQueryRows.For(query);
        if (ClickHouseRollup.For(query) is { } rollup)
        {
            var straddled = _http.QueryAsync("check rollup", rollup.StraddledSql(_database, userId), cancellationToken);
            var rolled = _http.QueryAsync("query rollup", rollup.Aggregate(_database, userId, query), parse, cancellationToken);
            if ((await straddled.ConfigureAwait(false)).Single().GetProperty("n").GetInt64() == 0)
            {
                return await rolled.ConfigureAwait(false);
            }

            await rolled.ConfigureAwait(false);
        }

        return await ClickHouseMarkers.QueryAsync(_http, _database, userId, "query", m => ClickHouseQueries.Aggregate(_database, userId, query, m), parse, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<WorkloadEvent> ReadAsync(string userId, WorkloadFilter filter, CancellationToken cancellationToken) => ReadAsync(userId, filter, true, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<WorkloadEvent> ReadAsync(string userId, WorkloadFilter filter, bool prompts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(filter);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var sql = $"{ClickHouseQueries.DeletedWith(_database, userId)} SELECT {ClickHouseEventRows.Select(prompts)} FROM {_database}.{ClickHouseSchema.Events} "
            + $"WHERE {ClickHouseQueries.Where(userId, filter)} ORDER BY ts_ms, seq FORMAT JSONEachRow";
        await foreach (var e in _http.StreamAsync("read events", sql, ClickHouseEventRows.Reader(), cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <summary>Closes the HTTP connections.</summary>
    public void Dispose()
    {
        _client.Dispose();
        _schemaLock.Dispose();
    }

    private async Task<long> CountAsync(string userId, CancellationToken cancellationToken)
    {
        var sql = $"{ClickHouseQueries.DeletedWith(_database, userId)} SELECT count() AS n FROM {_database}.{ClickHouseSchema.Events} "
            + $"WHERE {ClickHouseMarkers.Visible(userId)} FORMAT JSONEachRow";
        return (await _http.QueryAsync("count events", sql, cancellationToken).ConfigureAwait(false)).Single().GetProperty("n").GetInt64();
    }
}
