using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.Embedded;

/// <summary>
/// Runs a <see cref="WorkloadQuery"/> over snapshots of a user's tables, as its documentation defines, column by
/// column: the filter selects rows, each row gets a group number (<see cref="Groups"/>), and each field's count, sum,
/// least and greatest value are accumulated once per group however many measures read them. Quantiles sort each
/// group's values once per field. Values are added in row order, table by table, so sums do not depend on grouping.
/// </summary>
internal static class QueryEngine
{
    /// <summary>The numeric columns <paramref name="query"/> reads.</summary>
    public static IEnumerable<WorkloadField> Fields(WorkloadQuery query) =>
        RowFilter.Fields(query.Filter).Concat(query.Measures.Where(m => m.Field is not null).Select(m => m.Field!.Value));

    /// <summary>The string columns <paramref name="query"/> reads.</summary>
    public static IEnumerable<WorkloadDimension> Dimensions(WorkloadQuery query) =>
        RowFilter.Dimensions(query.Filter)
            .Concat(query.GroupBy.Select(g => g.Dimension))
            .Concat(query.Measures.Where(m => m.Distinct is not null).Select(m => m.Distinct!.Value));

    /// <summary>Selects the rows of <paramref name="tables"/> that <paramref name="filter"/> keeps, table by table, into arrays of <paramref name="scratch"/>.</summary>
    public static List<Selection> Select(IEnumerable<TableSnapshot> tables, WorkloadFilter filter, Scratch scratch)
    {
        var selections = new List<Selection>();
        foreach (var table in tables)
        {
            var rows = scratch.Ints(table.Count);
            var count = RowFilter.Select(table, filter, rows);
            if (count > 0)
            {
                selections.Add(new Selection(table, rows, count));
            }
        }

        return selections;
    }

    /// <summary>Runs <paramref name="query"/> over <paramref name="tables"/>.</summary>
    public static WorkloadQueryResult Execute(IReadOnlyList<TableSnapshot> tables, WorkloadQuery query)
    {
        using var scratch = new Scratch();
        var selections = Select(tables, query.Filter, scratch);
        var total = selections.Sum(s => s.Count);
        var groups = Groups.Build([.. query.GroupBy.Select(g => DimensionCodes.Build(selections, g, total, scratch))], total, scratch);
        var sizes = new long[groups.Count];
        for (var i = 0; i < total; i++)
        {
            sizes[groups.Of[i]]++;
        }

        var fields = new Dictionary<WorkloadField, FieldAggregates>();
        FieldAggregates Aggregates(WorkloadField field) =>
            fields.TryGetValue(field, out var found) ? found : fields[field] = FieldAggregates.Compute(selections, groups, field, scratch);

        var columns = query.Measures.Select(m => Column(m, selections, groups, sizes, total, scratch, Aggregates)).ToArray();
        var rows = new List<WorkloadQueryRow>(groups.Count);
        for (var group = 0; group < groups.Count; group++)
        {
            if (query.GroupBy.Count > 0 && query.MinGroupEvents is { } least && sizes[group] < least)
            {
                continue;
            }

            rows.Add(new WorkloadQueryRow(groups.Keys(group), [.. columns.Select(c => c[group])]));
        }

        rows.Sort(WorkloadRowOrder);
        return new WorkloadQueryResult(rows);
    }

    /// <summary>Rows by their keys, compared ordinally, null first.</summary>
    private static Comparison<WorkloadQueryRow> WorkloadRowOrder { get; } = static (a, b) =>
    {
        for (var i = 0; i < a.Keys.Count; i++)
        {
            var order = string.CompareOrdinal(a.Keys[i], b.Keys[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    };

    /// <summary>
    /// Distinct non-null codes per group: a bit per (group, code) when that fits in a few megabytes (string codes are
    /// dense, from 0), else a hash set of the pairs.
    /// </summary>
    private static long[] CountDistinct(DimensionCodes codes, Groups groups, int total)
    {
        var counts = new long[groups.Count];
        var range = codes.Max - codes.Min + 1;
        if (range * groups.Count <= 1L << 25)
        {
            var bits = new ulong[((range * groups.Count) + 63) / 64];
            for (var row = 0; row < total; row++)
            {
                var code = codes.Codes[row];
                if (code == codes.NullCode)
                {
                    continue;
                }

                var bit = (groups.Of[row] * range) + (code - codes.Min);
                var mask = 1UL << (int)(bit & 63);
                if ((bits[bit >> 6] & mask) == 0)
                {
                    bits[bit >> 6] |= mask;
                    counts[groups.Of[row]]++;
                }
            }

            return counts;
        }

        var seen = new HashSet<(int, long)>();
        for (var row = 0; row < total; row++)
        {
            if (codes.Codes[row] != codes.NullCode && seen.Add((groups.Of[row], codes.Codes[row])))
            {
                counts[groups.Of[row]]++;
            }
        }

        return counts;
    }

    /// <summary>Non-null codes per group.</summary>
    private static long[] CountPresent(DimensionCodes codes, Groups groups, int total)
    {
        var counts = new long[groups.Count];
        for (var row = 0; row < total; row++)
        {
            if (codes.Codes[row] != codes.NullCode)
            {
                counts[groups.Of[row]]++;
            }
        }

        return counts;
    }

    /// <summary>The value of <paramref name="measure"/> per group.</summary>
    private static double?[] Column(
        Measure measure, IReadOnlyList<Selection> selections, Groups groups, long[] sizes, int total, Scratch scratch, Func<WorkloadField, FieldAggregates> aggregates)
    {
        var values = new double?[groups.Count];
        if (measure.Kind == MeasureKind.Count)
        {
            for (var g = 0; g < values.Length; g++)
            {
                values[g] = sizes[g];
            }

            return values;
        }

        if (measure.Kind is MeasureKind.CountDistinct or MeasureKind.CountPresent)
        {
            var codes = DimensionCodes.Build(selections, new GroupBy(measure.Distinct!.Value), total, scratch);
            var counts = measure.Kind == MeasureKind.CountPresent ? CountPresent(codes, groups, total) : CountDistinct(codes, groups, total);
            for (var g = 0; g < values.Length; g++)
            {
                values[g] = counts[g];
            }

            return values;
        }

        var field = aggregates(measure.Field!.Value);
        for (var g = 0; g < values.Length; g++)
        {
            var n = field.Counts[g];
            values[g] = measure.Kind switch
            {
                MeasureKind.CountValues => n,
                MeasureKind.Sum => field.Sums[g],
                MeasureKind.Avg => n == 0 ? null : field.Sums[g] / n,
                MeasureKind.Min => n == 0 ? null : field.Mins[g],
                MeasureKind.Max => n == 0 ? null : field.Maxes[g],
                _ => field.Quantile(g, measure.Level),
            };
        }

        return values;
    }
}
