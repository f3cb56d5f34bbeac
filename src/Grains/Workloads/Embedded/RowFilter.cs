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

        var from = filter.From?.ToUnixTimeMilliseconds() ?? long.MinValue;
        var to = filter.To?.ToUnixTimeMilliseconds() ?? long.MaxValue;
        var windows = filter.Windows?.Select(w => (From: w.From.ToUnixTimeMilliseconds(), To: w.To.ToUnixTimeMilliseconds())).ToArray();
        var lists = Allowed(table, filter);
        var conditions = (filter.Conditions ?? []).Select(c => (Column: table.Field(c.Field), Condition: c)).ToArray();
        var timestamps = table.Timestamps;
        var selected = 0;
        for (var row = 0; row < table.Count; row++)
        {
            var ms = timestamps[row];
            if (ms < from || ms >= to || (windows is not null && !InWindow(windows, ms)) || !InLists(lists, row) || !Holds(conditions, row))
            {
                continue;
            }

            rows[selected++] = row;
        }

        return selected;
    }

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

    private static bool InLists((int[] Codes, bool[] Allowed)[] lists, int row)
    {
        foreach (var (codes, allowed) in lists)
        {
            var code = codes[row];
            if (code < 0 || !allowed[code])
            {
                return false;
            }
        }

        return true;
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

    private static bool Holds((double[] Column, FieldCondition Condition)[] conditions, int row)
    {
        foreach (var (column, condition) in conditions)
        {
            // A missing value is NaN, and every comparison with NaN is false: "a null never satisfies it".
            var value = column[row];
            var holds = condition.Comparison switch
            {
                Comparison.Less => value < condition.Value,
                Comparison.LessOrEqual => value <= condition.Value,
                Comparison.Greater => value > condition.Value,
                Comparison.GreaterOrEqual => value >= condition.Value,
                _ => throw new ArgumentOutOfRangeException(nameof(conditions), condition.Comparison, "Unknown comparison."),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
