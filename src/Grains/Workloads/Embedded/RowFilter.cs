using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.Embedded;

/// <summary>Evaluates a <see cref="WorkloadFilter"/> over a table's columns, as its documentation defines.</summary>
internal static class RowFilter
{
    /// <summary>The columns <paramref name="filter"/> reads.</summary>
    public static IEnumerable<WorkloadField> Fields(WorkloadFilter filter) => (filter.Conditions ?? []).Select(c => c.Field);

    /// <summary>The dimensions <paramref name="filter"/> reads.</summary>
    public static IEnumerable<WorkloadDimension> Dimensions(WorkloadFilter filter)
    {
        return Lists(filter).Select(l => l.Dimension);
    }

    /// <summary>Writes the rows of <paramref name="table"/> that <paramref name="filter"/> keeps to <paramref name="rows"/>, in row order; returns how many.</summary>
    public static int Select(TableSnapshot table, WorkloadFilter filter, int[] rows)
    {
        if (filter.Dataset is { } dataset && !string.Equals(dataset, table.Name, StringComparison.Ordinal))
        {
            return 0;
        }

        // One tight pass per condition, each keeping the rows that pass it: the time range, the lists, the field
        // conditions, then the windows.
        var from = filter.From?.ToUnixTimeMilliseconds() ?? long.MinValue;
        var to = filter.To?.ToUnixTimeMilliseconds() ?? long.MaxValue;
        var timestamps = table.Timestamps;
        var selected = 0;
        for (var row = 0; row < table.Count; row++)
        {
            var ms = timestamps[row];
            rows[selected] = row;
            selected += ms >= from && ms < to ? 1 : 0;
        }

        foreach (var (codes, allowed) in Allowed(table, filter))
        {
            selected = Keep(rows, selected, row => codes[row] >= 0 && allowed[codes[row]]);
        }

        foreach (var condition in filter.Conditions ?? [])
        {
            selected = Keep(table.Field(condition.Field), condition, rows, selected);
        }

        if (filter.Windows is { } windows)
        {
            var bounds = windows.Select(w => (From: w.From.ToUnixTimeMilliseconds(), To: w.To.ToUnixTimeMilliseconds())).ToArray();
            selected = Keep(rows, selected, row => InWindow(bounds, timestamps[row]));
        }

        return selected;
    }

    private static int Keep(int[] rows, int count, Func<int, bool> keep)
    {
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var row = rows[i];
            rows[kept] = row;
            kept += keep(row) ? 1 : 0;
        }

        return kept;
    }

    // A missing value is NaN, and every comparison with NaN is false: "a null never satisfies it".
    private static int Keep(double[] column, FieldCondition condition, int[] rows, int count) => condition.Comparison switch
    {
        Comparison.Less => Keep(rows, count, row => column[row] < condition.Value),
        Comparison.LessOrEqual => Keep(rows, count, row => column[row] <= condition.Value),
        Comparison.Greater => Keep(rows, count, row => column[row] > condition.Value),
        Comparison.GreaterOrEqual => Keep(rows, count, row => column[row] >= condition.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Comparison, "Unknown comparison."),
    };

    /// <summary>Per list filter, its column's codes and which codes it allows (null never matches).</summary>
    private static (int[] Codes, bool[] Allowed)[] Allowed(TableSnapshot table, WorkloadFilter filter)
    {
        return
        [
            .. Lists(filter).Select(l =>
            {
                var column = table.Dimension(l.Dimension);
                var wanted = l.Values.ToHashSet(StringComparer.Ordinal);
                var allowed = new bool[column.Distinct];
                for (var code = 0; code < column.Distinct; code++)
                {
                    allowed[code] = wanted.Contains(column.Values[code]);
                }

                return (column.Codes, allowed);
            }),
        ];
    }

    /// <summary>The list filters that are set, with the dimension each reads.</summary>
    private static IEnumerable<(WorkloadDimension Dimension, IReadOnlyList<string> Values)> Lists(WorkloadFilter filter)
    {
        (WorkloadDimension Dimension, IReadOnlyList<string>? Values)[] lists =
        [
            (WorkloadDimension.Model, filter.Models), (WorkloadDimension.Provider, filter.Providers),
            (WorkloadDimension.Feature, filter.Features), (WorkloadDimension.EndUser, filter.EndUsers),
            (WorkloadDimension.Team, filter.Teams), (WorkloadDimension.Status, filter.Statuses),
            (WorkloadDimension.FinishReason, filter.FinishReasons),
        ];
        return lists.Where(l => l.Values is not null).Select(l => (l.Dimension, l.Values!));
    }

    private static bool InWindow((long From, long To)[] windows, long ms)
    {
        foreach (var (from, to) in windows)
        {
            if (ms >= from && ms < to)
            {
                return true;
            }
        }

        return false;
    }
}
