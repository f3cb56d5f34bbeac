using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>Applies <see cref="ClickHouseSchema"/>'s migrations that a database lacks, in order (see there for concurrency).</summary>
internal static class ClickHouseMigrator
{
    public static async Task MigrateAsync(ClickHouseHttp http, string database, ILogger logger, CancellationToken cancellationToken)
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
            foreach (var statement in all[version - 1])
            {
                await http.ExecuteAsync($"migrate to {version}", statement.Replace("{db}", database, StringComparison.Ordinal), cancellationToken)
                    .ConfigureAwait(false);
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
}
