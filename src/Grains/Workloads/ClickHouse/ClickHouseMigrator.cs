using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// Applies <see cref="ClickHouseSchema"/>'s migrations that a database lacks, in order (see there for concurrency). Each
/// statement runs once, without a time limit, under a query id of its own (<see cref="ClickHouseHttp.ExecuteOnceAsync"/>):
/// a long copy is neither retried while it still runs nor started by a second process at the same time.
/// </summary>
internal static class ClickHouseMigrator
{
    public static async Task MigrateAsync(ClickHouseHttp http, string database, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var statement in ClickHouseSchema.Bootstrap)
        {
            await http.ExecuteAsync("create schema", statement.Replace("{db}", database, StringComparison.Ordinal), cancellationToken)
                .ConfigureAwait(false);
        }

        var rows = await http.QueryAsync(
            "read schema version", $"SELECT max(version) AS v FROM {database}.{ClickHouseSchema.Migrations} FORMAT JSONEachRow", cancellationToken)
            .ConfigureAwait(false);
        var current = rows.Count == 0 ? 0 : rows[0].GetProperty("v").GetInt32();
        var all = ClickHouseSchema.All;
        for (var version = current + 1; version <= all.Count; version++)
        {
            for (var i = 0; i < all[version - 1].Length; i++)
            {
                var statement = all[version - 1][i].Replace("{db}", database, StringComparison.Ordinal);
                var queryId = string.Create(CultureInfo.InvariantCulture, $"netra-migrate-{database.Trim('`')}-{version}-{i}");
                await RunAsync(http, $"migrate to {version}", statement, queryId, time, cancellationToken).ConfigureAwait(false);
            }

            await http.ExecuteAsync(
                "record migration",
                $"INSERT INTO {database}.{ClickHouseSchema.Migrations} (version, applied_at) VALUES ({version.ToString(CultureInfo.InvariantCulture)}, now())",
                cancellationToken).ConfigureAwait(false);
        }

        if (current < all.Count)
        {
            ClickHouseLog.Migrated(logger, current, all.Count, database);
        }
    }

    /// <summary>
    /// Runs one statement once. While another process runs the same statement (ClickHouse refuses the query id: code
    /// 216), waits and runs it again when that one is done: every statement can be run again, so the second run finds
    /// its work done (a table that exists, rows already copied, a rollup already filled).
    /// </summary>
    private static async Task RunAsync(ClickHouseHttp http, string operation, string statement, string queryId, TimeProvider time, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await http.ExecuteOnceAsync(operation, statement, queryId, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (WorkloadStoreUnavailableException exception) when (exception.Message.Contains("Code: 216,", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
