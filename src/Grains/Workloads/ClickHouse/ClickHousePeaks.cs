using System.Text;
using System.Text.Json;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// A <see cref="WorkloadPeakQuery"/> as one statement: the per-bucket aggregation is a subquery, and the outer query
/// keeps per group the greatest value of each measure with its earliest bucket (<c>argMax(b, (v, -b))</c>), the number
/// of buckets and those over the limits, so one row per group travels instead of one per bucket.
/// </summary>
internal static class ClickHousePeaks
{
    /// <summary>The statement: keys <c>k0…</c>, per measure the peak <c>p0…</c> and its bucket number <c>a0…</c>, buckets <c>n</c>, buckets over the limits <c>o</c>.</summary>
    public static string Sql(string database, string userId, WorkloadPeakQuery query, ClickHouseMarkers? markers = null)
    {
        var sizeMs = (long)query.Bucket.TotalSeconds * 1000;
        var keys = Enumerable.Range(0, query.GroupBy.Count).Select(i => $"k{i}").ToList();
        var inner = new List<string>();
        inner.AddRange(query.GroupBy.Select((g, i) => $"{ClickHouseQueries.Key(g)} AS k{i}"));
        inner.Add($"{ClickHouseQueries.FloorDiv("ts_ms", sizeMs)} AS b"); // floored as the embedded store does, before 1970 too
        inner.AddRange(query.Measures.Select((m, i) => $"{ClickHouseQueries.MeasureSql(m)} AS v{i}"));
        var outer = new List<string>(keys);
        outer.AddRange(query.Measures.SelectMany((_, i) => new[] { $"max(v{i}) AS p{i}", $"argMax(b, (v{i}, -b)) AS a{i}" }));
        var over = (query.Above ?? []).Select((limit, i) => limit is { } value ? $"v{i} > {ClickHouseSql.Number(value)}" : null).OfType<string>().ToList();
        outer.Add("count() AS n");
        outer.Add(over.Count == 0 ? "toUInt64(0) AS o" : $"countIf({string.Join(" OR ", over)}) AS o");

        var sql = new StringBuilder("SELECT ").AppendJoin(", ", outer)
            .Append(" FROM (").Append(ClickHouseMarkers.With(database, userId, query.Filter.Dataset, markers))
            .Append(" SELECT ").AppendJoin(", ", inner)
            .Append(" FROM ").Append(database).Append('.').Append(ClickHouseSchema.Events)
            .Append(" WHERE ").Append(ClickHouseQueries.Where(userId, query.Filter, markers: markers))
            .Append(" GROUP BY ").Append(query.GroupBy.Count == 0 ? "b" : ClickHouseQueries.GroupByList(query.GroupBy) + ", b")
            .Append(')');
        if (keys.Count > 0)
        {
            sql.Append(" GROUP BY ").AppendJoin(", ", keys);
        }

        return sql.Append(" FORMAT JSONEachRow").ToString();
    }

    /// <summary>A parser of the statement's rows; a row of no buckets (the one an ungrouped aggregate gives over nothing) becomes null.</summary>
    public static ClickHouseRowParser<WorkloadPeakRow?> Reader(WorkloadPeakQuery query)
    {
        var (keys, measures, strings) = (query.GroupBy.Count, query.Measures.Count, new ClickHouseStrings());
        var size = (long)query.Bucket.TotalSeconds * 1000;
        return row => Read(row, keys, measures, size, strings);
    }

    private static WorkloadPeakRow? Read(ReadOnlySpan<byte> row, int keys, int measures, long size, ClickHouseStrings strings)
    {
        var keyValues = new string?[keys];
        var peaks = new double[measures];
        var at = new long[measures];
        var (buckets, above) = (0L, 0L);
        var reader = new Utf8JsonReader(row);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var index = ClickHouseQueryRows.Index(name);
            reader.Read();
            switch ((char)name[0])
            {
                case 'k' when index < keys:
                    keyValues[index] = reader.TokenType == JsonTokenType.Null ? null : strings.Get(ref reader);
                    break;
                case 'p' when index < measures:
                    peaks[index] = reader.GetDouble();
                    break;
                case 'a' when index < measures:
                    at[index] = reader.GetInt64();
                    break;
                case 'n' when name.Length == 1:
                    buckets = reader.GetInt64();
                    break;
                case 'o' when name.Length == 1:
                    above = reader.GetInt64();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        ClickHouseStrings.EnsureWhole(ref reader, row);
        return buckets == 0 ? null : new WorkloadPeakRow(
            keyValues, [.. peaks.Select((p, i) => new WorkloadPeak(p, DateTimeOffset.FromUnixTimeMilliseconds(at[i] * size)))], buckets, above);
    }
}
