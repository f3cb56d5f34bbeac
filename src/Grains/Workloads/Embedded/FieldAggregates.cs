using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.Embedded;

/// <summary>
/// One field's aggregates per group over a query's selected rows: how many rows have a value, their sum, least and
/// greatest, and (on first use) each group's values side by side, from which a quantile is picked by selection (the
/// values that rank k, in expected linear time, rather than a full sort). Missing values (NaN) are skipped.
/// </summary>
internal sealed class FieldAggregates
{
    private readonly IReadOnlyList<Selection> _selections;
    private readonly Groups _groups;
    private readonly WorkloadField _field;
    private readonly Scratch _scratch;
    private double[]? _values;
    private int[]? _starts;

    private FieldAggregates(IReadOnlyList<Selection> selections, Groups groups, WorkloadField field, Scratch scratch)
    {
        _selections = selections;
        _groups = groups;
        _field = field;
        _scratch = scratch;
        Counts = new long[groups.Count];
        Sums = new double[groups.Count];
        Mins = new double[groups.Count];
        Maxes = new double[groups.Count];
        Array.Fill(Mins, double.PositiveInfinity);
        Array.Fill(Maxes, double.NegativeInfinity);
    }

    /// <summary>Rows with a value, per group.</summary>
    public long[] Counts { get; }

    /// <summary>The sum of the values, per group, added in row order.</summary>
    public double[] Sums { get; }

    /// <summary>The least value, per group (infinite when there is none).</summary>
    public double[] Mins { get; }

    /// <summary>The greatest value, per group (minus infinite when there is none).</summary>
    public double[] Maxes { get; }

    /// <summary>Accumulates <paramref name="field"/> over the selected rows.</summary>
    public static FieldAggregates Compute(IReadOnlyList<Selection> selections, Groups groups, WorkloadField field, Scratch scratch)
    {
        var aggregates = new FieldAggregates(selections, groups, field, scratch);
        aggregates.Accumulate();
        return aggregates;
    }

    /// <summary>The nearest-rank quantile of group <paramref name="group"/>'s values; null when it has none.</summary>
    public double? Quantile(int group, double level)
    {
        if (_values is null)
        {
            PlaceByGroup();
        }

        var start = _starts![group];
        var count = _starts[group + 1] - start;
        if (count == 0)
        {
            return null;
        }

        var rank = (int)Math.Min(count, Quantiles.Rank(count, level));
        return QuickSelect.Select(_values.AsSpan(start, count), rank - 1);
    }

    // Selected row i (counted across the tables in order) is in group _groups.Of[i].
    private void Accumulate()
    {
        if (_groups.Count == 1)
        {
            AccumulateOne();
            return;
        }

        var of = _groups.Of;
        var i = 0;
        foreach (var (table, rows, count) in _selections)
        {
            var column = table.Field(_field);
            for (var k = 0; k < count; k++, i++)
            {
                var value = column[rows[k]];
                if (double.IsNaN(value))
                {
                    continue;
                }

                var g = of[i];
                Counts[g]++;
                Sums[g] += value;
                Mins[g] = Math.Min(Mins[g], value);
                Maxes[g] = Math.Max(Maxes[g], value);
            }
        }
    }

    /// <summary>The same for a single group, in locals.</summary>
    private void AccumulateOne()
    {
        long n = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var (table, rows, count) in _selections)
        {
            var column = table.Field(_field);
            for (var k = 0; k < count; k++)
            {
                var value = column[rows[k]];
                if (!double.IsNaN(value))
                {
                    n++;
                    sum += value;
                    min = Math.Min(min, value);
                    max = Math.Max(max, value);
                }
            }
        }

        (Counts[0], Sums[0], Mins[0], Maxes[0]) = (n, sum, min, max);
    }

    /// <summary>Places every group's values side by side: a counting sort by group.</summary>
    private void PlaceByGroup()
    {
        var starts = new int[Counts.Length + 1];
        for (var g = 0; g < Counts.Length; g++)
        {
            starts[g + 1] = starts[g] + (int)Counts[g];
        }

        var placed = _scratch.Doubles(starts[^1]);
        var next = (int[])starts.Clone();
        var of = _groups.Of;
        var i = 0;
        foreach (var (table, rows, count) in _selections)
        {
            var column = table.Field(_field);
            for (var k = 0; k < count; k++, i++)
            {
                var value = column[rows[k]];
                if (!double.IsNaN(value))
                {
                    placed[next[of[i]]++] = value;
                }
            }
        }

        _values = placed;
        _starts = starts;
    }
}
