using System.Text;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// A rollup of the events: per insert block, one row for each (user, hour, and the rollup's keys) with the events' count
/// and, for each of its fields, how many have a value and their sum (and, where it keeps extremes, least and greatest).
/// A materialized view fills it as events are inserted. It answers exactly every query that groups and filters by its
/// keys (time only by whole hours) and asks for additive measures of its fields (see <see cref="Serves"/>); percentiles
/// and distinct counts read the events. Two are current: <see cref="Hourly"/>, by every descriptive key, and
/// <see cref="Bins"/>, by input-token bin, which the routing proposers' and the prompt-length histogram's one GROUP BY
/// of four keys over all events would otherwise pay for in full (by hand at 10M events: 0.7–0.9 s against 0.05–0.09 s).
/// </summary>
/// <remarks>
/// Each row keeps the least and greatest arrival stamp (<c>seq</c>) of the events it sums, so deletion markers apply to
/// it as to events: a row is visible when its least stamp is. A row that a marker cuts through (an insert from another
/// process whose stamps straddle the marker) could not be split; while one exists, queries of that user read the events
/// (<see cref="StraddledSql"/>).
/// </remarks>
internal sealed class ClickHouseRollup
{
    private const long MillisecondsPerHour = 3_600_000;

    /// <summary>The column of the input-token bin (<see cref="WorkloadDimension.InputTokensBin"/>) in a rollup by bin.</summary>
    private const string BinColumn = "input_bin";

    /// <summary>Every descriptive key, with its column (the events' column of the same name).</summary>
    private static readonly Dictionary<WorkloadDimension, string> s_allKeys = new()
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

    private readonly Dictionary<WorkloadDimension, string> _keys;
    private readonly WorkloadField[] _fields;
    private readonly bool _extremes;
    private readonly bool _byBin;
    private readonly string _events;
    private readonly bool _lowCardinality;

    private ClickHouseRollup(
        string table, string view, string events, bool lowCardinality, IEnumerable<WorkloadDimension> keys, WorkloadField[] fields, bool extremes, bool byBin)
    {
        Table = table;
        View = view;
        _events = events;
        _lowCardinality = lowCardinality;
        _keys = keys.ToDictionary(k => k, k => s_allKeys[k]);
        _fields = fields;
        _extremes = extremes;
        _byBin = byBin;
    }

    /// <summary>The hourly rollup of schema version 2, over <see cref="ClickHouseSchema.LegacyEvents"/>; kept for its migration.</summary>
    public static ClickHouseRollup Legacy { get; } = new(
        "workload_hourly", "workload_hourly_mv", ClickHouseSchema.LegacyEvents, lowCardinality: false, s_allKeys.Keys, Enum.GetValues<WorkloadField>(), extremes: true, byBin: false);

    /// <summary>The hourly rollup (since schema version 3, with LowCardinality keys): every key, every field with its extremes.</summary>
    public static ClickHouseRollup Hourly { get; } = new(
        "workload_hourly_v3", "workload_hourly_v3_mv", ClickHouseSchema.Events, lowCardinality: true, s_allKeys.Keys, Enum.GetValues<WorkloadField>(), extremes: true, byBin: false);

    /// <summary>
    /// The rollup by input-token bin (schema version 4): dataset, model, feature and status per hour and bin, with the
    /// counts and sums of the fields the routing estimates read (<c>SegmentEstimate</c>). Few keys and no extremes keep
    /// its view cheap for inserts.
    /// </summary>
    public static ClickHouseRollup Bins { get; } = new(
        "workload_bins_v4", "workload_bins_v4_mv", ClickHouseSchema.Events, lowCardinality: true,
        [WorkloadDimension.Dataset, WorkloadDimension.Model, WorkloadDimension.Feature, WorkloadDimension.Status],
        [WorkloadField.InputTokens, WorkloadField.CacheReadInputTokens, WorkloadField.OutputTokens, WorkloadField.CostUsd, WorkloadField.LatencyMs],
        extremes: false, byBin: true);

    /// <summary>The rollups the current schema fills, in the order a query tries them.</summary>
    public static IReadOnlyList<ClickHouseRollup> Current { get; } = [Hourly, Bins];

    /// <summary>The table.</summary>
    public string Table { get; }

    /// <summary>The materialized view that fills <see cref="Table"/> from each insert into the events.</summary>
    public string View { get; }

    /// <summary>The statements that create the rollup: the table, the events already stored, then the view.</summary>
    /// <remarks>
    /// The backfill inserts only into an empty rollup, so a migration that is run again does not count twice, and only
    /// the events no deletion marker hides (a purge may still be pending, or may have failed), so that no backfilled row
    /// straddles a marker. It runs before the view exists; events that another process inserts between the two are
    /// missed, so run the upgrade while nothing else inserts (this process migrates before it inserts).
    /// </remarks>
    public string[] Migration
    {
        get
        {
            string Text(string name, bool nullable = false) => ClickHouseSchema.TextColumn(name, nullable, _lowCardinality);
            var keys = _keys.Values.Where(c => c != "dataset").Select(c => Text(c, nullable: c is not ("model" or "status")));
            var columns = new List<string> { Text("user_id"), Text("dataset"), "hour_ms Int64", "min_seq UInt64", "max_seq UInt64" };
            columns.AddRange(keys);
            if (_byBin)
            {
                columns.Add($"{BinColumn} Int64");
            }

            columns.Add("events UInt64");
            columns.AddRange(_fields.SelectMany(f => _extremes
                ? new[] { $"{Name(f)}_n UInt64", $"{Name(f)}_sum Float64", $"{Name(f)}_min Nullable(Float64)", $"{Name(f)}_max Nullable(Float64)" }
                : [$"{Name(f)}_n UInt64", $"{Name(f)}_sum Float64"]));
            return
            [
                $"""
                CREATE TABLE IF NOT EXISTS {"{db}"}.{Table} (
                    {string.Join(", ", columns)}
                ) ENGINE = MergeTree
                PARTITION BY toYYYYMM(toDateTime(intDiv(hour_ms, 1000), 'UTC'))
                ORDER BY (user_id, dataset, hour_ms)
                """,
                $"INSERT INTO {{db}}.{Table} {Select("{db}", $"seq >= deleted_before AND (SELECT count() FROM {{db}}.{Table}) = 0", VisibleJoin)}",
                $"CREATE MATERIALIZED VIEW IF NOT EXISTS {{db}}.{View} TO {{db}}.{Table} AS {Select("{db}", null)}",
            ];
        }
    }

    /// <summary>Joins each event to its dataset's deletion marker as <c>deleted_before</c> (0 without one); <c>{db}</c> stands for the database.</summary>
    public static string VisibleJoin =>
        $" ANY LEFT JOIN (SELECT user_id, dataset, max(before_seq) AS deleted_before FROM {{db}}.{ClickHouseSchema.Deletions} GROUP BY user_id, dataset) USING (user_id, dataset)";

    /// <summary>The first current rollup that answers <paramref name="query"/> exactly, or null when only the events can.</summary>
    public static ClickHouseRollup? For(WorkloadQuery query) => Current.FirstOrDefault(r => r.Serves(query));

    /// <summary>
    /// The rollup rows of the events that <paramref name="where"/> selects (all when null), for the view, the backfill and
    /// the repair of an insert whose view write failed; <paramref name="join"/> follows the events table.
    /// </summary>
    public string Select(string database, string? where, string join = "")
    {
        var hour = $"{ClickHouseQueries.FloorDiv("ts_ms", MillisecondsPerHour)} * {MillisecondsPerHour}";
        var keys = _keys.Values.Where(c => c != "dataset").ToList();
        if (_byBin)
        {
            keys.Add(BinColumn);
        }

        var columns = new List<string> { "user_id", "dataset", $"{hour} AS hour_ms", "min(seq) AS min_seq", "max(seq) AS max_seq" };
        columns.AddRange(keys.Select(k => k == BinColumn ? $"{ClickHouseQueries.TokensBin} AS {BinColumn}" : k));
        columns.Add("count() AS events");
        foreach (var field in _fields)
        {
            var value = ClickHouseQueries.Field(field);
            var name = Name(field);
            columns.Add($"count({value}) AS {name}_n");
            columns.Add($"toFloat64(ifNull(sum({value}), 0)) AS {name}_sum");
            if (_extremes)
            {
                columns.Add($"CAST(min({value}) AS Nullable(Float64)) AS {name}_min");
                columns.Add($"CAST(max({value}) AS Nullable(Float64)) AS {name}_max");
            }
        }

        return $"SELECT {string.Join(", ", columns)} FROM {database}.{_events}{join}"
            + (where is null ? "" : $" WHERE {where}")
            + $" GROUP BY user_id, dataset, hour_ms, {string.Join(", ", keys)}";
    }

    /// <summary>Whether this rollup answers <paramref name="query"/> exactly: its keys, whole hours, and additive measures of its fields only.</summary>
    public bool Serves(WorkloadQuery query)
    {
        var filter = query.Filter;
        (IReadOnlyList<string>? Values, WorkloadDimension Key)[] lists =
        [
            (filter.Models, WorkloadDimension.Model), (filter.Providers, WorkloadDimension.Provider), (filter.Features, WorkloadDimension.Feature),
            (filter.EndUsers, WorkloadDimension.EndUser), (filter.Teams, WorkloadDimension.Team), (filter.Statuses, WorkloadDimension.Status),
            (filter.FinishReasons, WorkloadDimension.FinishReason),
        ];
        return filter.Windows is null && filter.Conditions is null && lists.All(l => l.Values is null || _keys.ContainsKey(l.Key))
            && WholeHour(filter.From) && WholeHour(filter.To)
            && query.GroupBy.All(g => _keys.ContainsKey(g.Dimension)
                || g.Dimension is WorkloadDimension.HourOfDay or WorkloadDimension.DayOfWeek
                || (g.Dimension == WorkloadDimension.InputTokensBin && _byBin)
                || (g.Dimension == WorkloadDimension.TimeBucket && g.Bucket is { } size && size.Ticks % TimeSpan.TicksPerHour == 0))
            && query.Measures.All(m => m.Kind == MeasureKind.Count
                || (m.Kind is MeasureKind.CountValues or MeasureKind.Sum or MeasureKind.Avg && _fields.Contains(m.Field!.Value))
                || (m.Kind is MeasureKind.Min or MeasureKind.Max && _extremes && _fields.Contains(m.Field!.Value)));
    }

    /// <summary>
    /// <paramref name="query"/> over this rollup, in the shape of <see cref="ClickHouseQueries.Aggregate(string, string, WorkloadQuery, ClickHouseMarkers?)"/>'s answer
    /// (keys <c>k0…</c>, measures <c>m0…</c>). Only for a query the rollup <see cref="Serves"/>.
    /// </summary>
    public string Aggregate(string database, string userId, WorkloadQuery query)
    {
        var select = new List<string>();
        for (var i = 0; i < query.GroupBy.Count; i++)
        {
            var key = query.GroupBy[i].Dimension == WorkloadDimension.InputTokensBin ? $"toString({BinColumn})" : ClickHouseQueries.Key(query.GroupBy[i], "hour_ms");
            select.Add($"{key} AS k{i}");
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
            sql.Append(" GROUP BY ").AppendJoin(", ", query.GroupBy.Select((g, i) =>
                g.Dimension == WorkloadDimension.InputTokensBin ? BinColumn : ClickHouseQueries.Grouping(g, "hour_ms") ?? $"k{i}"));
            if (query.MinGroupEvents is { } least)
            {
                sql.Append(" HAVING sum(events) >= ").Append(ClickHouseSql.Number(least));
            }
        }

        return sql.Append(" FORMAT JSONEachRow").ToString();
    }

    /// <summary>How many of the user's rows of this rollup a deletion marker cuts through; the rollup serves the user only at 0.</summary>
    public string StraddledSql(string database, string userId)
    {
        var marker = "arrayElement(tupleElement(deleted, 2), indexOf(tupleElement(deleted, 1), dataset))";
        return $"{ClickHouseQueries.DeletedWith(database, userId)} SELECT count() AS n FROM {database}.{Table} "
            + $"WHERE user_id = {ClickHouseSql.String(userId)} AND min_seq < {marker} AND max_seq >= {marker} FORMAT JSONEachRow";
    }

    /// <summary>The events this rollup holds for stamps <paramref name="first"/> to <paramref name="last"/> (one insert's).</summary>
    public string CountInsertSql(string database, string userId, ulong first, ulong last) =>
        $"SELECT sum(events) AS n FROM {database}.{Table} WHERE user_id = {ClickHouseSql.String(userId)} "
        + $"AND min_seq >= {ClickHouseSql.Number(first)} AND max_seq <= {ClickHouseSql.Number(last)} FORMAT JSONEachRow";

    /// <summary>Rolls up one insert's events (stamps <paramref name="first"/> to <paramref name="last"/>) from the events table.</summary>
    public string RepairInsertSql(string database, string userId, ulong first, ulong last) =>
        $"INSERT INTO {database}.{Table} "
        + Select(database, $"user_id = {ClickHouseSql.String(userId)} AND seq >= {ClickHouseSql.Number(first)} AND seq <= {ClickHouseSql.Number(last)}");

    /// <summary>Removes (in the background) the rows of a deleted dataset: those wholly before the marker.</summary>
    public string PurgeSql(string database, string userId, string dataset, ulong before) =>
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
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure.Kind, "A rollup does not serve this measure."),
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
