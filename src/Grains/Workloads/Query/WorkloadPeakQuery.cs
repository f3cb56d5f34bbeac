namespace Netra.Grains.Workloads.Query;

/// <summary>
/// The busiest time bucket of each group: the events are aggregated per group and UTC time bucket of
/// <see cref="Bucket"/> (as <see cref="WorkloadQuery"/> with a last grouping <see cref="GroupBy.Time"/>), and each group
/// gets, per measure, the greatest bucket value and the earliest bucket that reached it, how many buckets had events,
/// and how many of those exceeded any of <see cref="Above"/>. A rate-limit check asks this ("the peak requests and
/// tokens per minute per model, and the minutes over the limits") without every minute of every model travelling.
/// Groups are ordered by their keys, compared ordinally, null first; only groups with events appear.
/// </summary>
/// <param name="Filter">Which events.</param>
/// <param name="GroupBy">The grouping (not by time), possibly empty: then one row when any event matches.</param>
/// <param name="Bucket">The bucket size: a whole number of seconds, at least one.</param>
/// <param name="Measures">Per bucket: <see cref="MeasureKind.Count"/> or <see cref="MeasureKind.Sum"/>, at least one.</param>
public sealed record WorkloadPeakQuery(WorkloadFilter Filter, IReadOnlyList<GroupBy> GroupBy, TimeSpan Bucket, IReadOnlyList<Measure> Measures)
{
    /// <summary>
    /// Per measure, the value a bucket must exceed to count in <see cref="WorkloadPeakRow.BucketsAbove"/> (a bucket counts
    /// when any measure exceeds its value); a null entry, or no list, never counts.
    /// </summary>
    public IReadOnlyList<double?>? Above { get; init; }

    /// <summary>The per-bucket aggregation whose rows the peaks reduce: the grouping, then the time bucket.</summary>
    public WorkloadQuery PerBucket => new(Filter, [.. GroupBy, Query.GroupBy.Time(Bucket)], Measures);

    /// <summary>Checks the query's shape.</summary>
    /// <exception cref="ArgumentException">A measure is not a count or sum, a grouping is by time, the bucket is not whole seconds, or <see cref="Above"/> does not match the measures.</exception>
    public void Validate()
    {
        PerBucket.Validate();
        if (Measures.Any(m => m.Kind is not (MeasureKind.Count or MeasureKind.Sum)))
        {
            throw new ArgumentException("A peak query's measures are counts and sums.", nameof(Measures));
        }

        if (GroupBy.Any(g => g.Dimension is WorkloadDimension.TimeBucket or WorkloadDimension.HourOfDay or WorkloadDimension.DayOfWeek))
        {
            throw new ArgumentException("A peak query groups by dimensions that are not time; its buckets are the time.", nameof(GroupBy));
        }

        if (Above is { } above && (above.Count != Measures.Count || above.Any(a => a is { } v && !double.IsFinite(v))))
        {
            throw new ArgumentException("Above needs one finite value or null per measure.", nameof(Above));
        }
    }

    /// <summary>
    /// The peaks from the rows of <see cref="PerBucket"/>, ordered by their keys and then their bucket (as every store
    /// returns them): what a store without a faster way computes.
    /// </summary>
    public IReadOnlyList<WorkloadPeakRow> Reduce(IReadOnlyList<WorkloadQueryRow> perBucket)
    {
        var result = new List<WorkloadPeakRow>();
        var keys = GroupBy.Count;
        for (var start = 0; start < perBucket.Count;)
        {
            var end = start + 1;
            while (end < perBucket.Count && SameGroup(perBucket[start], perBucket[end], keys))
            {
                end++;
            }

            var peaks = new WorkloadPeak[Measures.Count];
            var above = 0L;
            for (var i = start; i < end; i++)
            {
                var row = perBucket[i];
                var over = false;
                for (var m = 0; m < peaks.Length; m++)
                {
                    var value = row.ValueOrZero(m);
                    if (peaks[m] is null || value > peaks[m].Value)
                    {
                        peaks[m] = new WorkloadPeak(value, WorkloadValues.ParseBucket(row.Keys[keys]!));
                    }

                    over |= Above?[m] is { } limit && value > limit;
                }

                above += over ? 1 : 0;
            }

            result.Add(new WorkloadPeakRow([.. perBucket[start].Keys.Take(keys)], peaks, end - start, above));
            start = end;
        }

        return result;
    }

    private static bool SameGroup(WorkloadQueryRow a, WorkloadQueryRow b, int keys)
    {
        for (var k = 0; k < keys; k++)
        {
            if (!string.Equals(a.Keys[k], b.Keys[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One measure's busiest bucket.</summary>
/// <param name="Value">The measure's value in that bucket.</param>
/// <param name="At">The bucket's start (UTC), the earliest of equal peaks.</param>
public sealed record WorkloadPeak(double Value, DateTimeOffset At);

/// <summary>One group of a <see cref="WorkloadPeakQuery"/>.</summary>
/// <param name="Keys">The group's key per grouping, in order.</param>
/// <param name="Peaks">The peak per measure, in order.</param>
/// <param name="Buckets">How many buckets had events.</param>
/// <param name="BucketsAbove">How many of those exceeded any of the query's <see cref="WorkloadPeakQuery.Above"/>.</param>
public sealed record WorkloadPeakRow(IReadOnlyList<string?> Keys, IReadOnlyList<WorkloadPeak> Peaks, long Buckets, long BucketsAbove);
