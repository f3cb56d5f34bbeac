using System.Globalization;
using System.Text;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// Translates the query model into ClickHouse 18.16 SQL, as the table in the Workloads README gives it. Every statement
/// reads one user's visible events: <c>user_id = …</c> and not hidden by a deletion marker (<see cref="ClickHouseMarkers.Visible"/>).
/// Values reach SQL only through <see cref="ClickHouseSql"/>.
/// </summary>
internal static class ClickHouseQueries
{
    private const long MillisecondsPerSecond = 1000;
    private const long MillisecondsPerHour = 3_600_000;
    private const long MillisecondsPerDay = 86_400_000;

    /// <summary>
    /// The <c>WITH</c> clause that loads the user's deletion markers once per statement, as two arrays (datasets, and the
    /// seq before which each dataset's events are deleted).
    /// </summary>
    public static string DeletedWith(string database, string userId) =>
        $"WITH (SELECT (groupArray(dataset), groupArray(b)) FROM ({ClickHouseMarkers.Sql(database, userId)})) AS deleted";

    /// <summary>The <c>WHERE</c> condition of a filter, the user's visibility included.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="time">The column of epoch milliseconds: <c>ts_ms</c>, or the rollup's hour.</param>
    /// <param name="seq">The column of arrival stamps: <c>seq</c>, or the rollup's least one.</param>
    /// <param name="markers">The deletion markers read before the statement, or null (<see cref="ClickHouseMarkers.Visible"/>).</param>
    public static string Where(string userId, WorkloadFilter filter, string time = "ts_ms", string seq = "seq", ClickHouseMarkers? markers = null)
    {
        var where = new StringBuilder(ClickHouseMarkers.Visible(userId, filter.Dataset, seq, markers));
        if (filter.Dataset is { } dataset)
        {
            where.Append(" AND dataset = ").Append(ClickHouseSql.String(dataset));
        }

        if (filter.From is { } from)
        {
            where.Append(" AND ").Append(time).Append(" >= ").Append(ClickHouseSql.Number(from.ToUnixTimeMilliseconds()));
        }

        if (filter.To is { } to)
        {
            where.Append(" AND ").Append(time).Append(" < ").Append(ClickHouseSql.Number(to.ToUnixTimeMilliseconds()));
        }

        if (filter.Windows is { } windows)
        {
            // OR of ranges of the primary key's ts_ms: ClickHouse reads only the granules that hold them.
            where.Append(" AND (").AppendJoin(" OR ", windows.Select(w =>
                $"({time} >= {ClickHouseSql.Number(w.From.ToUnixTimeMilliseconds())} AND {time} < {ClickHouseSql.Number(w.To.ToUnixTimeMilliseconds())})"))
                .Append(windows.Count == 0 ? "0" : "").Append(')');
        }

        AppendIn(where, "model", filter.Models);
        AppendIn(where, "provider", filter.Providers);
        AppendIn(where, "feature", filter.Features);
        AppendIn(where, "end_user", filter.EndUsers);
        AppendIn(where, "team", filter.Teams);
        AppendIn(where, "status", filter.Statuses);
        AppendIn(where, "finish_reason", filter.FinishReasons);
        foreach (var condition in filter.Conditions ?? [])
        {
            // A NULL field makes the comparison NULL, which WHERE treats as false: "a null never satisfies it".
            where.Append(" AND ").Append(Field(condition.Field)).Append(Operator(condition.Comparison)).Append(ClickHouseSql.Number(condition.Value));
        }

        return where.ToString();
    }

    /// <summary>
    /// The aggregation of <paramref name="query"/>: keys as <c>k0…</c>, measures as <c>m0…</c>, one row per group (one
    /// row in all without grouping, since an aggregate without <c>GROUP BY</c> always gives one). Unordered: the store
    /// sorts the rows as the embedded store does.
    /// </summary>
    public static string Aggregate(string database, string userId, WorkloadQuery query, ClickHouseMarkers? markers = null)
    {
        var select = new List<string>();
        for (var i = 0; i < query.GroupBy.Count; i++)
        {
            select.Add($"{Key(query.GroupBy[i])} AS k{i}");
        }

        var levels = QuantileLevels(query.Measures);
        for (var i = 0; i < query.Measures.Count; i++)
        {
            select.Add($"{Aggregate(query.Measures[i], levels)} AS m{i}");
        }

        var sql = new StringBuilder(ClickHouseMarkers.With(database, userId, query.Filter.Dataset, markers))
            .Append(" SELECT ").AppendJoin(", ", select)
            .Append(" FROM ").Append(database).Append('.').Append(ClickHouseSchema.Events)
            .Append(" WHERE ").Append(Where(userId, query.Filter, markers: markers));
        if (query.MinGroupEvents is >= 2 && query.GroupBy.Any(g => g.Dimension == WorkloadDimension.PromptHash))
        {
            // Prompt hashes are mostly unique: keep only the rows whose hash's 64-bit digest occurs that often, found
            // by a GROUP BY of numbers rather than strings. Exact: a repeated string has a repeated digest, and the
            // strings still group by themselves, so a collision of digests lets rows through but merges nothing.
            sql.Append(" AND (isNull(prompt_hash) OR cityHash64(prompt_hash) IN (").Append(ClickHouseMarkers.With(database, userId, query.Filter.Dataset, markers))
                .Append(" SELECT cityHash64(prompt_hash) AS h FROM ").Append(database).Append('.').Append(ClickHouseSchema.Events)
                .Append(" WHERE ").Append(Where(userId, query.Filter, markers: markers)).Append(" AND isNotNull(prompt_hash) GROUP BY h HAVING count() >= ")
                .Append(ClickHouseSql.Number(query.MinGroupEvents.Value)).Append("))");
        }

        if (query.GroupBy.Count > 0)
        {
            sql.Append(" GROUP BY ").Append(GroupByList(query.GroupBy));
            if (query.MinGroupEvents is { } least)
            {
                sql.Append(" HAVING count() >= ").Append(ClickHouseSql.Number(least));
            }
        }

        return sql.Append(" FORMAT JSONEachRow").ToString();
    }

    /// <summary>
    /// The <c>GROUP BY</c> list of <paramref name="groupBy"/>: the keys <c>k0…</c>, except that a computed key is grouped
    /// by the number it formats (<see cref="Grouping"/>), so the string is made once per group rather than once per row.
    /// </summary>
    public static string GroupByList(IReadOnlyList<GroupBy> groupBy, string time = "ts_ms") =>
        string.Join(", ", groupBy.Select((g, i) => Grouping(g, time) ?? $"k{i}"));

    /// <summary>
    /// The number a computed key (<see cref="Key"/>) is a string of, which ClickHouse groups by and formats per group
    /// (the key's expression contains it); null for a column.
    /// </summary>
    public static string? Grouping(GroupBy group, string time = "ts_ms") => group.Dimension switch
    {
        WorkloadDimension.TimeBucket => $"intDiv({time}, {((long)group.Bucket!.Value.TotalSeconds * MillisecondsPerSecond).ToString(CultureInfo.InvariantCulture)})",
        WorkloadDimension.HourOfDay => Hour(time),
        WorkloadDimension.DayOfWeek => Weekday(time),
        WorkloadDimension.InputTokensBin => TokensBin,
        WorkloadDimension.OutputTokens => "output_tokens",
        _ => null,
    };

    /// <summary>The SQL of a dimension's key, a (Nullable) String.</summary>
    /// <param name="group">The grouping.</param>
    /// <param name="time">
    /// The column of epoch milliseconds the time dimensions read: <c>ts_ms</c>, or the rollup's <c>hour_ms</c>, whose
    /// hour, weekday and whole-hour buckets are those of every event it sums.
    /// </param>
    public static string Key(GroupBy group, string time = "ts_ms") => group.Dimension switch
    {
        WorkloadDimension.Dataset => "dataset",
        WorkloadDimension.Model => "model",
        WorkloadDimension.Provider => "provider",
        WorkloadDimension.Operation => "operation",
        WorkloadDimension.Feature => "feature",
        WorkloadDimension.EndUser => "end_user",
        WorkloadDimension.SessionId => "session_id",
        WorkloadDimension.Team => "team",
        WorkloadDimension.Status => "status",
        WorkloadDimension.FinishReason => "finish_reason",
        WorkloadDimension.PromptHash => "prompt_hash",
        WorkloadDimension.TimeBucket => TimeBucket(time, (long)group.Bucket!.Value.TotalSeconds * MillisecondsPerSecond),
        WorkloadDimension.HourOfDay => HourOfDay(time),
        WorkloadDimension.DayOfWeek => $"toString({Weekday(time)})",
        WorkloadDimension.InputTokensBin => $"toString({TokensBin})",
        WorkloadDimension.OutputTokens => "toString(output_tokens)",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group.Dimension, "Unknown workload dimension."),
    };

    /// <summary>The SQL of a field's value; Nullable where the field can have none.</summary>
    public static string Field(WorkloadField field) => field switch
    {
        WorkloadField.Timestamp => "ts_ms",
        WorkloadField.InputTokens => "input_tokens",
        WorkloadField.OutputTokens => "output_tokens",
        WorkloadField.TotalTokens => "(input_tokens + output_tokens)",
        WorkloadField.CacheReadInputTokens => "cache_read_input_tokens",
        WorkloadField.CacheCreationInputTokens => "cache_creation_input_tokens",
        WorkloadField.LatencyMs => "latency_ms",
        WorkloadField.TtftMs => "ttft_ms",
        WorkloadField.CostUsd => "cost_usd",
        WorkloadField.MaxTokens => "max_tokens",
        WorkloadField.UnusedMaxTokens => "(max_tokens - output_tokens)",
        WorkloadField.PrefixBlocks => "toInt64(length(prefix_hashes))",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown workload field."),
    };

    /// <summary>
    /// The selection levels (<see cref="Quantiles.SelectionLevel"/>) of each field's quantile measures, distinct, in the
    /// order the measures name them: one <c>quantilesExact</c> per field serves all its levels, so its values are
    /// collected once (ClickHouse computes an aggregate written twice once).
    /// </summary>
    private static Dictionary<WorkloadField, List<double>> QuantileLevels(IReadOnlyList<Measure> measures)
    {
        var levels = new Dictionary<WorkloadField, List<double>>();
        foreach (var measure in measures.Where(m => m.Kind == MeasureKind.Quantile))
        {
            var list = levels.TryGetValue(measure.Field!.Value, out var known) ? known : levels[measure.Field.Value] = [];
            var level = Quantiles.SelectionLevel(measure.Level);
            if (!list.Contains(level))
            {
                list.Add(level);
            }
        }

        return levels;
    }

    private static string Quantile(WorkloadField field, double level, List<double> levels)
    {
        // Literal parameters ("R" round-trips; the shift keeps the index exact). Output tokens have few distinct values,
        // so a count per value (weighted, weight 1: the same nearest rank) beats collecting all (0.49 vs 0.63 s at 10M).
        var f = Field(field);
        var literals = string.Join(", ", levels.Select(l => l.ToString("R", CultureInfo.InvariantCulture)));
        var index = levels.IndexOf(Quantiles.SelectionLevel(level)) + 1;
        var quantiles = field == WorkloadField.OutputTokens ? $"quantilesExactWeighted({literals})({f}, 1)" : $"quantilesExact({literals})({f})";
        return $"if(count({f}) = 0, NULL, arrayElement({quantiles}, {index.ToString(CultureInfo.InvariantCulture)}))";
    }

    /// <summary>The SQL of one measure on its own (a quantile with its level alone).</summary>
    public static string MeasureSql(Measure measure) => Aggregate(measure, QuantileLevels([measure]));

    private static string Aggregate(Measure measure, Dictionary<WorkloadField, List<double>> levels)
    {
        if (measure.Kind == MeasureKind.Count)
        {
            return "count()";
        }

        if (measure.Kind == MeasureKind.CountPresent)
        {
            return $"countIf(isNotNull({Key(new GroupBy(measure.Distinct!.Value))}))"; // count() counts NULL of LowCardinality(Nullable) on 18.16
        }

        if (measure.Kind == MeasureKind.CountDistinct)
        {
            // 18.16 gives NULL when all are NULL, and counts NULL as a value of a LowCardinality(Nullable) column.
            var key = Key(new GroupBy(measure.Distinct!.Value));
            return $"ifNull(uniqExactIf({key}, isNotNull({key})), 0)";
        }

        var f = Field(measure.Field!.Value);
        return measure.Kind switch
        {
            MeasureKind.CountValues => $"count({f})",
            MeasureKind.Sum => $"ifNull(sum({f}), 0)",
            MeasureKind.Avg => $"if(count({f}) = 0, NULL, avg({f}))",
            MeasureKind.Min => $"if(count({f}) = 0, NULL, min({f}))",
            MeasureKind.Max => $"if(count({f}) = 0, NULL, max({f}))",
            MeasureKind.Quantile => Quantile(measure.Field.Value, measure.Level, levels[measure.Field.Value]),
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure.Kind, "Unknown measure."),
        };
    }

    /// <summary>The input-token bin of <see cref="WorkloadDimension.InputTokensBin"/>, a number.</summary>
    /// <remarks>roundToExp2 is exact on integers (0 for v &lt; 1), so the width is 1 below 16 and every integer is its own bin there.</remarks>
    public const string TokensBin = "(intDiv(input_tokens, greatest(intDiv(roundToExp2(input_tokens), 8), 1)) * greatest(intDiv(roundToExp2(input_tokens), 8), 1))";

    private static string TimeBucket(string time, long sizeMs)
    {
        var size = sizeMs.ToString(CultureInfo.InvariantCulture);
        return $"formatDateTime(toDateTime(intDiv(intDiv({time}, {size}) * {size}, 1000), 'UTC'), '%Y-%m-%dT%H:%M:%SZ')";
    }

    // The hour and weekday are arithmetic on the epoch milliseconds, floored as the embedded store does, so they hold for
    // any timestamp; ClickHouse's DateTime (the bucket's formatting) covers 1970 to 2105 only.
    private static string Hour(string time) => $"(({FloorDiv(time, MillisecondsPerHour)} % 24 + 24) % 24)";

    private static string Weekday(string time) => $"((({FloorDiv(time, MillisecondsPerDay)} + 3) % 7 + 7) % 7 + 1)";

    private static string HourOfDay(string time) => $"if({Hour(time)} < 10, concat('0', toString({Hour(time)})), toString({Hour(time)}))";

    /// <summary>⌊<paramref name="column"/> / <paramref name="divisor"/>⌋ (intDiv truncates toward zero).</summary>
    public static string FloorDiv(string column, long divisor) =>
        $"intDiv({column} - if({column} < 0, {(divisor - 1).ToString(CultureInfo.InvariantCulture)}, 0), {divisor.ToString(CultureInfo.InvariantCulture)})";

    private static void AppendIn(StringBuilder where, string column, IReadOnlyList<string>? values)
    {
        if (values is not null)
        {
            where.Append(" AND ").Append(ClickHouseSql.In(column, values)); // NULL IN (…) is NULL: never matches
        }
    }

    private static string Operator(Comparison comparison) => comparison switch
    {
        Comparison.Less => " < ",
        Comparison.LessOrEqual => " <= ",
        Comparison.Greater => " > ",
        Comparison.GreaterOrEqual => " >= ",
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "Unknown comparison."),
    };
}
