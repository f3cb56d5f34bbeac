using System.Text;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// The hourly rollup of the events (<see cref="ClickHouseSchema.Events"/>): per insert block, one row for each (user, dataset, hour, model, provider,
/// operation, feature, team, status, finish reason) with the events' count and, for every <see cref="WorkloadField"/>,
/// how many have a value, their sum, least and greatest. A materialized view fills it as events are inserted. It
/// answers exactly every query that groups and filters by those keys (time only by whole hours) and asks for counts,
/// sums, means, minima or maxima (see <see cref="Serves"/>); percentiles and distinct counts read the events.
/// </summary>
/// <remarks>
/// Each row keeps the least and greatest arrival stamp (<c>seq</c>) of the events it sums, so deletion markers apply to
/// it as to events: a row is visible when its least stamp is. A row that a marker cuts through (an insert from another
/// process whose stamps straddle the marker) could not be split; while one exists, queries of that user read the events
/// (<see cref="StraddledSql"/>).
/// </remarks>
internal static class ClickHouseRollup
{
    /// <summary>The rollup table (since schema version 3, with LowCardinality keys, filled from <see cref="ClickHouseSchema.Events"/>).</summary>
    public const string Table = "workload_hourly_v3";

    /// <summary>The materialized view that fills <see cref="Table"/> from each insert into the events.</summary>
    public const string View = "workload_hourly_v3_mv";

    /// <summary>The rollup of schema version 2, over <see cref="ClickHouseSchema.LegacyEvents"/>.</summary>
    public const string LegacyTable = "workload_hourly";

    /// <summary>The view that filled <see cref="LegacyTable"/>.</summary>
    public const string LegacyView = "workload_hourly_mv";

    private const long MillisecondsPerHour = 3_600_000;

    /// <summary>The dimensions kept as keys, with their column (the events' column of the same name).</summary>
    private static readonly Dictionary<WorkloadDimension, string> s_keys = new()
    {
        [WorkloadDimension.Dataset] = "dataset",
        [WorkloadDimension.Model] = "model",
        [WorkloadDimension.Provider] = "provider",
        [WorkloadDimension.Operation] = "operation",
        [WorkloadDimension.Feature] = "feature",
        [WorkloadDimension.Team] = "team",
        [WorkloadDimension.Status] = "status",
        [WorkloadDimension.FinishReason] = "finish_reason",
    };

    private static readonly WorkloadField[] s_fields = Enum.GetValues<WorkloadField>();

    /// <summary>The statements of the rollup's migration (schema version 2): the table, the events already stored, then the view.</summary>
    /// <remarks>
    /// The backfill inserts only into an empty rollup, so a migration that is run again does not count twice. It runs
    /// before the view exists; events that another process inserts between the two are missed, so run the upgrade
    /// while nothing else inserts (this process migrates before it inserts).
    /// </remarks>
    public static string[] Migration { get; } = Statements(LegacyTable, LegacyView, ClickHouseSchema.LegacyEvents, version3: false);

    /// <summary>The statements of schema version 3: the rollup again, with the <see cref="ClickHouseSchema.IsDictionaryKey"/> keys LowCardinality, from the new events table.</summary>
    public static string[] MigrationV3 { get; } = Statements(Table, View, ClickHouseSchema.Events, version3: true);

    private static string[] Statements(string table, string view, string events, bool version3)
    {
        string Text(string name, bool nullable = false) => ClickHouseSchema.TextColumn(name, nullable, lowCardinality: version3);
        return
        [
            $$"""
            CREATE TABLE IF NOT EXISTS {db}.{{table}} (
                {{Text("user_id")}}, {{Text("dataset")}}, hour_ms Int64, min_seq UInt64, max_seq UInt64,
                {{Text("model")}}, provider Nullable(String), operation Nullable(String), {{Text("feature", nullable: true)}},
                team Nullable(String), {{Text("status")}}, finish_reason Nullable(String), events UInt64,
                {{string.Join(", ", s_fields.Select(f => $"{Name(f)}_n UInt64, {Name(f)}_sum Float64, {Name(f)}_min Nullable(Float64), {Name(f)}_max Nullable(Float64)"))}}
            ) ENGINE = MergeTree
            PARTITION BY toYYYYMM(toDateTime(intDiv(hour_ms, 1000), 'UTC'))
            ORDER BY (user_id, dataset, hour_ms)
            """,
            $"INSERT INTO {{db}}.{table} {Select("{db}", events, $"(SELECT count() FROM {{db}}.{table}) = 0")}",
            $"CREATE MATERIALIZED VIEW IF NOT EXISTS {{db}}.{view} TO {{db}}.{table} AS {Select("{db}", events, null)}",
        ];
    }

    /// <summary>
    /// The rollup rows of the events of table <paramref name="events"/> that <paramref name="where"/> selects (all when null), for the view, the backfill and
    /// the repair of an insert whose view write failed.
    /// </summary>
    public static string Select(string database, string events, string? where)
    {
        var hour = $"{ClickHouseQueries.FloorDiv("ts_ms", MillisecondsPerHour)} * {MillisecondsPerHour}";
        var columns = new List<string> { "user_id", "dataset", $"{hour} AS hour_ms", "min(seq) AS min_seq", "max(seq) AS max_seq" };
        columns.AddRange(s_keys.Values.Where(c => c != "dataset"));
        columns.Add("count() AS events");
        foreach (var field in s_fields)
        {
            var value = ClickHouseQueries.Field(field);
            var name = Name(field);
            columns.Add($"count({value}) AS {name}_n");
            columns.Add($"toFloat64(ifNull(sum({value}), 0)) AS {name}_sum");
            columns.Add($"CAST(min({value}) AS Nullable(Float64)) AS {name}_min");
            columns.Add($"CAST(max({value}) AS Nullable(Float64)) AS {name}_max");
        }

        return $"SELECT {string.Join(", ", columns)} FROM {database}.{events}"
            + (where is null ? "" : $" WHERE {where}")
            + $" GROUP BY user_id, dataset, hour_ms, {string.Join(", ", s_keys.Values.Where(c => c != "dataset"))}";
    }

    /// <summary>Whether the rollup answers <paramref name="query"/> exactly: its keys, whole hours, and additive measures only.</summary>
    public static bool Serves(WorkloadQuery query)
    {
        var filter = query.Filter;
        return filter.Windows is null && filter.EndUsers is null && filter.Conditions is null
            && WholeHour(filter.From) && WholeHour(filter.To)
            && query.GroupBy.All(g => s_keys.ContainsKey(g.Dimension)
                || g.Dimension is WorkloadDimension.HourOfDay or WorkloadDimension.DayOfWeek
                || (g.Dimension == WorkloadDimension.TimeBucket && g.Bucket is { } size && size.Ticks % TimeSpan.TicksPerHour == 0))
            && query.Measures.All(m => m.Kind is not (MeasureKind.Quantile or MeasureKind.CountDistinct or MeasureKind.CountPresent));
    }

    /// <summary>
    /// <paramref name="query"/> over the rollup, in the shape of <see cref="ClickHouseQueries.Aggregate(string, string, WorkloadQuery, ClickHouseMarkers?)"/>'s answer
    /// (keys <c>k0…</c>, measures <c>m0…</c>). Only for a query the rollup <see cref="Serves"/>.
    /// </summary>
    public static string Aggregate(string database, string userId, WorkloadQuery query)
    {
        var select = new List<string>();
        for (var i = 0; i < query.GroupBy.Count; i++)
        {
            select.Add($"{ClickHouseQueries.Key(query.GroupBy[i], "hour_ms")} AS k{i}");
        }

        for (var i = 0; i < query.Measures.Count; i++)
        {
            select.Add($"{Measure(query.Measures[i])} AS m{i}");
        }

        var sql = new StringBuilder(ClickHouseQueries.DeletedWith(database, userId))
            .Append(" SELECT ").AppendJoin(", ", select)
            .Append(" FROM ").Append(database).Append('.').Append(Table)
            .Append(" WHERE ").Append(ClickHouseQueries.Where(userId, query.Filter, "hour_ms", "min_seq")); // Serves: no windows, end users or conditions
        if (query.GroupBy.Count > 0)
        {
            sql.Append(" GROUP BY ").Append(ClickHouseQueries.GroupByList(query.GroupBy, "hour_ms"));
            if (query.MinGroupEvents is { } least)
            {
                sql.Append(" HAVING sum(events) >= ").Append(ClickHouseSql.Number(least));
            }
        }

        return sql.Append(" FORMAT JSONEachRow").ToString();
    }

    /// <summary>How many of the user's rollup rows a deletion marker cuts through; the rollup serves the user only at 0.</summary>
    public static string StraddledSql(string database, string userId)
    {
        var marker = "arrayElement(tupleElement(deleted, 2), indexOf(tupleElement(deleted, 1), dataset))";
        return $"{ClickHouseQueries.DeletedWith(database, userId)} SELECT count() AS n FROM {database}.{Table} "
            + $"WHERE user_id = {ClickHouseSql.String(userId)} AND min_seq < {marker} AND max_seq >= {marker} FORMAT JSONEachRow";
    }

    /// <summary>The events the rollup holds for stamps <paramref name="first"/> to <paramref name="last"/> (one insert's).</summary>
    public static string CountInsertSql(string database, string userId, ulong first, ulong last) =>
        $"SELECT sum(events) AS n FROM {database}.{Table} WHERE user_id = {ClickHouseSql.String(userId)} "
        + $"AND min_seq >= {ClickHouseSql.Number(first)} AND max_seq <= {ClickHouseSql.Number(last)} FORMAT JSONEachRow";

    /// <summary>Rolls up one insert's events (stamps <paramref name="first"/> to <paramref name="last"/>) from the events table.</summary>
    public static string RepairInsertSql(string database, string userId, ulong first, ulong last) =>
        $"INSERT INTO {database}.{Table} "
        + Select(database, ClickHouseSchema.Events, $"user_id = {ClickHouseSql.String(userId)} AND seq >= {ClickHouseSql.Number(first)} AND seq <= {ClickHouseSql.Number(last)}");

    /// <summary>Removes (in the background) the rollup rows of a deleted dataset: those wholly before the marker.</summary>
    public static string PurgeSql(string database, string userId, string dataset, ulong before) =>
        $"ALTER TABLE {database}.{Table} DELETE WHERE user_id = {ClickHouseSql.String(userId)} "
        + $"AND dataset = {ClickHouseSql.String(dataset)} AND max_seq < {ClickHouseSql.Number(before)}";

    private static string Measure(Measure measure)
    {
        if (measure.Kind == MeasureKind.Count)
        {
            return "sum(events)";
        }

        var name = Name(measure.Field!.Value);
        var none = $"sum({name}_n) = 0";
        return measure.Kind switch
        {
            MeasureKind.CountValues => $"sum({name}_n)",
            MeasureKind.Sum => $"sum({name}_sum)",
            MeasureKind.Avg => $"if({none}, NULL, sum({name}_sum) / sum({name}_n))",
            MeasureKind.Min => $"if({none}, NULL, min({name}_min))",
            MeasureKind.Max => $"if({none}, NULL, max({name}_max))",
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure.Kind, "The rollup does not serve this measure."),
        };
    }

    private static bool WholeHour(DateTimeOffset? time) => time is not { } t || t.ToUnixTimeMilliseconds() % MillisecondsPerHour == 0;

    private static string Name(WorkloadField field) => field switch
    {
        WorkloadField.Timestamp => "ts",
        WorkloadField.InputTokens => "input_tokens",
        WorkloadField.OutputTokens => "output_tokens",
        WorkloadField.TotalTokens => "total_tokens",
        WorkloadField.CacheReadInputTokens => "cache_read",
        WorkloadField.CacheCreationInputTokens => "cache_creation",
        WorkloadField.LatencyMs => "latency",
        WorkloadField.TtftMs => "ttft",
        WorkloadField.CostUsd => "cost",
        WorkloadField.MaxTokens => "max_tokens",
        WorkloadField.UnusedMaxTokens => "unused_max_tokens",
        WorkloadField.PrefixBlocks => "prefix_blocks",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown workload field."),
    };
}
