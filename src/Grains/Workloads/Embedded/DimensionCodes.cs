using System.Globalization;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.Embedded;

/// <summary>
/// A dimension's value for every selected row of a query, as a number: a code into the distinct strings for the
/// string dimensions, the bucket or hour or weekday itself for the time ones, the bin's start for token bins. Only the groups' keys are ever
/// formatted as strings, once each, exactly as <see cref="WorkloadValues.Key"/> formats them.
/// </summary>
internal sealed class DimensionCodes
{
    private readonly GroupBy _group;
    private readonly List<string?>? _strings;

    private DimensionCodes(GroupBy group, long[] codes, int total, List<string?>? strings, long? nullCode)
    {
        _group = group;
        Codes = codes;
        _strings = strings;
        NullCode = nullCode;
        var span = codes.AsSpan(0, total);
        Min = total == 0 ? 0 : span[0];
        Max = Min;
        foreach (var code in span)
        {
            Min = Math.Min(Min, code);
            Max = Math.Max(Max, code);
        }
    }

    /// <summary>The code per selected row (the first <c>total</c> entries of a rented array).</summary>
    public long[] Codes { get; }

    /// <summary>The code that stands for a missing value, if any row lacks one.</summary>
    public long? NullCode { get; }

    /// <summary>The least code.</summary>
    public long Min { get; }

    /// <summary>The greatest code.</summary>
    public long Max { get; }

    /// <summary>Codes <paramref name="group"/> for the selected rows of <paramref name="selections"/>, in order.</summary>
    public static DimensionCodes Build(IReadOnlyList<Selection> selections, GroupBy group, int total, Scratch scratch)
    {
        var codes = scratch.Longs(total);
        var at = 0;
        if (group.Dimension is WorkloadDimension.TimeBucket or WorkloadDimension.HourOfDay or WorkloadDimension.DayOfWeek)
        {
            foreach (var (table, rows, count) in selections)
            {
                for (var k = 0; k < count; k++)
                {
                    codes[at++] = TimeCode(table.Timestamps[rows[k]], group);
                }
            }

            return new DimensionCodes(group, codes, total, null, null);
        }

        if (group.Dimension is WorkloadDimension.InputTokensBin or WorkloadDimension.OutputTokens)
        {
            var bins = group.Dimension == WorkloadDimension.InputTokensBin;
            foreach (var (table, rows, count) in selections)
            {
                for (var k = 0; k < count; k++)
                {
                    var e = table.Events[rows[k]];
                    codes[at++] = bins ? TokenBins.Start(e.InputTokens) : e.OutputTokens; // the long itself: a double loses values above 2^53
                }
            }

            return new DimensionCodes(group, codes, total, null, null);
        }

        // Strings: codes into one list of distinct values across the tables; a table's own codes are mapped once each.
        var strings = new List<string?>();
        var index = new Dictionary<string, long>(StringComparer.Ordinal);
        long? nullCode = null;
        long Code(string? value)
        {
            if (value is null)
            {
                nullCode ??= Add(strings, null);
                return nullCode.Value;
            }

            if (!index.TryGetValue(value, out var code))
            {
                code = Add(strings, value);
                index.Add(value, code);
            }

            return code;
        }

        foreach (var (table, rows, count) in selections)
        {
            if (DatasetTable.IsCoded(group.Dimension))
            {
                var column = table.Dimension(group.Dimension);
                // map[own + 1] is the query's code of the table's code own (−1, null, at index 0); −1 until first seen.
                var map = new long[column.Distinct + 1];
                Array.Fill(map, -1);
                var tableCodes = column.Codes;
                for (var k = 0; k < count; k++)
                {
                    var own = tableCodes[rows[k]];
                    var code = map[own + 1];
                    if (code < 0)
                    {
                        code = map[own + 1] = Code(own < 0 ? null : column.Values[own]);
                    }

                    codes[at++] = code;
                }
            }
            else
            {
                for (var k = 0; k < count; k++)
                {
                    codes[at++] = Code(WorkloadValues.Key(table.Events[rows[k]], table.Timestamps[rows[k]], group));
                }
            }
        }

        return new DimensionCodes(group, codes, total, strings, nullCode);
    }

    /// <summary>The key that <paramref name="code"/> stands for.</summary>
    public string? Key(long code) => _strings is not null ? _strings[(int)code] : _group.Dimension switch
    {
        WorkloadDimension.TimeBucket => WorkloadValues.FormatBucket(code * BucketMs(_group)),
        WorkloadDimension.HourOfDay => code.ToString("00", CultureInfo.InvariantCulture),
        WorkloadDimension.InputTokensBin => code.ToString(CultureInfo.InvariantCulture),
        _ => code.ToString(CultureInfo.InvariantCulture),
    };

    private static long TimeCode(long ms, GroupBy group) => group.Dimension switch
    {
        WorkloadDimension.TimeBucket => WorkloadValues.FloorDiv(ms, BucketMs(group)),
        WorkloadDimension.HourOfDay => WorkloadValues.HourOfDay(ms),
        _ => WorkloadValues.DayOfWeek(ms),
    };

    private static long BucketMs(GroupBy group) => (long)group.Bucket!.Value.TotalMilliseconds;

    private static long Add(List<string?> strings, string? value)
    {
        strings.Add(value);
        return strings.Count - 1;
    }
}

/// <summary>The rows of one table that a query's filter selected, in row order.</summary>
/// <param name="Table">The table.</param>
/// <param name="Rows">Its selected rows: the first <paramref name="Count"/> entries of a rented array.</param>
/// <param name="Count">How many rows were selected.</param>
internal sealed record Selection(TableSnapshot Table, int[] Rows, int Count);
