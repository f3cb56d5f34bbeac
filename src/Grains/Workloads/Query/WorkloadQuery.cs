namespace Netra.Grains.Workloads.Query;

/// <summary>One grouping of a <see cref="WorkloadQuery"/>.</summary>
/// <param name="Dimension">What to group by.</param>
/// <param name="Bucket">The bucket size of <see cref="WorkloadDimension.TimeBucket"/>: a whole number of seconds, at least one.</param>
public sealed record GroupBy(WorkloadDimension Dimension, TimeSpan? Bucket = null)
{
    /// <summary>Groups by <paramref name="dimension"/>.</summary>
    public static implicit operator GroupBy(WorkloadDimension dimension) => new(dimension);

    /// <summary>Groups by time buckets of <paramref name="size"/>.</summary>
    public static GroupBy Time(TimeSpan size) => new(WorkloadDimension.TimeBucket, size);
}

/// <summary>
/// An aggregation over one user's events: <c>SELECT keys, measures FROM events WHERE user AND filter GROUP BY keys
/// ORDER BY keys</c>. With no grouping the result is exactly one row, even when no event matches (counts and sums 0,
/// other measures null); with grouping, only groups that have events appear. Rows are ordered by their keys, compared
/// ordinally, null first. Every <see cref="IWorkloadStore"/> gives the same answer to the same query, up to the
/// floating-point rounding of sums.
/// </summary>
/// <param name="Filter">Which events.</param>
/// <param name="GroupBy">The grouping, possibly empty.</param>
/// <param name="Measures">What to compute per group, at least one.</param>
public sealed record WorkloadQuery(WorkloadFilter Filter, IReadOnlyList<GroupBy> GroupBy, IReadOnlyList<Measure> Measures)
{
    /// <summary>
    /// When set, only groups of at least this many events are returned (SQL <c>HAVING count() &gt;= n</c>), so a
    /// grouping by a key that is mostly unique, such as the prompt hash, returns only its repeats. Needs a grouping.
    /// </summary>
    public long? MinGroupEvents { get; init; }

    /// <summary>Checks the query's shape.</summary>
    /// <exception cref="ArgumentException">A measure lacks its field, a level is outside [0, 1], or a time bucket is not whole seconds.</exception>
    public void Validate()
    {
        if (Measures.Count == 0)
        {
            throw new ArgumentException("A workload query needs at least one measure.", nameof(Measures));
        }

        if (MinGroupEvents is not null && GroupBy.Count == 0)
        {
            throw new ArgumentException("MinGroupEvents needs a grouping.", nameof(MinGroupEvents));
        }

        foreach (var group in GroupBy)
        {
            if (group.Dimension == WorkloadDimension.TimeBucket
                && (group.Bucket is not { } size || size < TimeSpan.FromSeconds(1) || size.Ticks % TimeSpan.TicksPerSecond != 0))
            {
                throw new ArgumentException("A time bucket must be a whole number of seconds, at least one.", nameof(GroupBy));
            }
        }

        foreach (var measure in Measures)
        {
            var needsField = measure.Kind is not (MeasureKind.Count or MeasureKind.CountDistinct or MeasureKind.CountPresent);
            if (needsField && measure.Field is null)
            {
                throw new ArgumentException($"The {measure.Kind} measure needs a field.", nameof(Measures));
            }

            if (measure.Kind == MeasureKind.Quantile && measure.Level is < 0 or > 1 or double.NaN)
            {
                throw new ArgumentException($"A quantile level must lie in [0, 1], not {measure.Level}.", nameof(Measures));
            }

            if (measure.Kind is MeasureKind.CountDistinct or MeasureKind.CountPresent
                && measure.Distinct is null or WorkloadDimension.TimeBucket or WorkloadDimension.HourOfDay or WorkloadDimension.DayOfWeek)
            {
                throw new ArgumentException($"{measure.Kind} needs a dimension that is not a time dimension.", nameof(Measures));
            }
        }
    }
}

/// <summary>One group of a <see cref="WorkloadQueryResult"/>.</summary>
/// <param name="Keys">The group's key per <see cref="WorkloadQuery.GroupBy"/> entry, in order.</param>
/// <param name="Values">The value per <see cref="WorkloadQuery.Measures"/> entry, in order.</param>
public sealed record WorkloadQueryRow(IReadOnlyList<string?> Keys, IReadOnlyList<double?> Values)
{
    /// <summary>The value of measure <paramref name="index"/>, or 0 when it is null.</summary>
    public double ValueOrZero(int index) => Values[index] ?? 0;
}

/// <summary>What a <see cref="WorkloadQuery"/> returned.</summary>
/// <param name="Rows">The groups, ordered by key.</param>
public sealed record WorkloadQueryResult(IReadOnlyList<WorkloadQueryRow> Rows)
{
    /// <summary>The only row of a query without grouping.</summary>
    public WorkloadQueryRow Single => Rows.Count == 1 ? Rows[0] : throw new InvalidOperationException($"Expected one row, got {Rows.Count}.");
}
