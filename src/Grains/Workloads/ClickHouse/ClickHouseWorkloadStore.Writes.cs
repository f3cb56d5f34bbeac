namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>The store's writes: one insert, its repair when its answer was lost, and the purge of a deleted dataset.</summary>
public sealed partial class ClickHouseWorkloadStore
{
    private async Task InsertAsync(string userId, IReadOnlyList<WorkloadEvent> events, int offset, int count, CancellationToken cancellationToken)
    {
        var first = ClickHouseSequence.Reserve(_time, count);
        var last = first + (ulong)count - 1;
        var insert = $"INSERT INTO {_database}.{ClickHouseSchema.Events} ({string.Join(", ", ClickHouseSchema.EventColumns)}) FORMAT RowBinary";
        await _http.InsertAsync(
            "insert events",
            insert,
            () => new ClickHouseRowBinary(userId, events, offset, count, first),
            async ct =>
            {
                var sql = $"SELECT count() AS n FROM {_database}.{ClickHouseSchema.Events} WHERE user_id = {ClickHouseSql.String(userId)} "
                    + $"AND seq >= {ClickHouseSql.Number(first)} AND seq <= {ClickHouseSql.Number(last)} FORMAT JSONEachRow";
                var stored = (await _http.QueryAsync("check insert", sql, ct, once: true).ConfigureAwait(false)).Single().GetProperty("n").GetInt64();
                if (stored == count)
                {
                    ClickHouseLog.InsertConfirmedAfterFailure(_logger, userId, count);
                    await EnsureRolledUpAsync(userId, count, first, last, ct).ConfigureAwait(false);
                }

                return stored == count;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After an insert whose answer was lost but whose events were stored: the view may not have rolled them up (the
    /// events table takes an insert before its views do), so roll them up from the stored events if it did not.
    /// </summary>
    private async Task EnsureRolledUpAsync(string userId, int count, ulong first, ulong last, CancellationToken cancellationToken)
    {
        foreach (var rollup in ClickHouseRollup.Current)
        {
            var rows = await _http.QueryAsync("check rollup of insert", rollup.CountInsertSql(_database, userId, first, last), cancellationToken, once: true)
                .ConfigureAwait(false);
            var rolledUp = rows.Single().GetProperty("n").GetInt64();
            if (rolledUp == 0)
            {
                await _http.ExecuteAsync("repair rollup", rollup.RepairInsertSql(_database, userId, first, last), cancellationToken).ConfigureAwait(false);
                ClickHouseLog.RollupRepaired(_logger, rollup.Table, userId, count);
            }
            else if (rolledUp != count)
            {
                ClickHouseLog.RollupPartial(_logger, rollup.Table, userId, count, rolledUp);
            }
        }
    }

    private async Task PurgeAsync(string userId, string dataset, ulong before, CancellationToken cancellationToken)
    {
        // ALTER TABLE … DELETE is a mutation: it returns at once and rewrites the parts in the background. The marker
        // already hides the events, so a failure here costs disk space, not correctness.
        var sql = $"ALTER TABLE {_database}.{ClickHouseSchema.Events} DELETE WHERE user_id = {ClickHouseSql.String(userId)} "
            + $"AND dataset = {ClickHouseSql.String(dataset)} AND seq < {ClickHouseSql.Number(before)}";
        try
        {
            await _http.ExecuteAsync("purge dataset", sql, cancellationToken).ConfigureAwait(false);
            foreach (var rollup in ClickHouseRollup.Current)
            {
                await _http.ExecuteAsync("purge rollup", rollup.PurgeSql(_database, userId, dataset, before), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WorkloadStoreUnavailableException or InvalidOperationException)
        {
            ClickHouseLog.PurgeFailed(_logger, userId, dataset, exception);
        }
    }
}
