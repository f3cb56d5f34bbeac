namespace Netra.Grains.Workloads.Query;

/// <summary>The aggregate functions of a <see cref="Measure"/>.</summary>
public enum MeasureKind
{
    /// <summary>Rows: <c>count()</c>.</summary>
    Count,

    /// <summary>Rows where the field has a value: <c>count(field)</c>.</summary>
    CountValues,

    /// <summary>Distinct non-null values of a dimension: <c>uniqExact(column)</c>.</summary>
    CountDistinct,

    /// <summary>Rows where a dimension has a value: <c>count(column)</c>.</summary>
    CountPresent,

    /// <summary>The sum of the field's values; 0 when there are none.</summary>
    Sum,

    /// <summary>The mean of the field's values; null when there are none.</summary>
    Avg,

    /// <summary>The least value; null when there are none.</summary>
    Min,

    /// <summary>The greatest value; null when there are none.</summary>
    Max,

    /// <summary>
    /// The nearest-rank quantile at <see cref="Measure.Level"/>; null when there are none. See
    /// <see cref="Quantiles.NearestRank(IReadOnlyList{double}, double)"/> for the definition.
    /// </summary>
    Quantile,
}

/// <summary>One aggregate a <see cref="WorkloadQuery"/> computes per group. Build them with the static methods.</summary>
/// <param name="Kind">The aggregate function.</param>
/// <param name="Field">The field it reads; null for <see cref="MeasureKind.Count"/>, <see cref="MeasureKind.CountDistinct"/> and <see cref="MeasureKind.CountPresent"/>.</param>
/// <param name="Level">The quantile level in [0, 1], for <see cref="MeasureKind.Quantile"/>.</param>
/// <param name="Distinct">The dimension that <see cref="MeasureKind.CountDistinct"/> and <see cref="MeasureKind.CountPresent"/> read.</param>
public sealed record Measure(MeasureKind Kind, WorkloadField? Field = null, double Level = 0, WorkloadDimension? Distinct = null)
{
    /// <summary>Rows in the group.</summary>
    public static Measure Count() => new(MeasureKind.Count);

    /// <summary>Rows in the group where <paramref name="field"/> has a value.</summary>
    public static Measure CountValues(WorkloadField field) => new(MeasureKind.CountValues, field);

    /// <summary>Distinct non-null values of <paramref name="dimension"/> (not a time dimension).</summary>
    public static Measure CountDistinct(WorkloadDimension dimension) => new(MeasureKind.CountDistinct, Distinct: dimension);

    /// <summary>
    /// Rows where <paramref name="dimension"/> (not a time dimension) has a value: far cheaper than
    /// <see cref="CountDistinct"/> when that is all a tool needs.
    /// </summary>
    public static Measure CountPresent(WorkloadDimension dimension) => new(MeasureKind.CountPresent, Distinct: dimension);

    /// <summary>The sum of <paramref name="field"/>.</summary>
    public static Measure Sum(WorkloadField field) => new(MeasureKind.Sum, field);

    /// <summary>The mean of <paramref name="field"/>.</summary>
    public static Measure Avg(WorkloadField field) => new(MeasureKind.Avg, field);

    /// <summary>The least value of <paramref name="field"/>.</summary>
    public static Measure Min(WorkloadField field) => new(MeasureKind.Min, field);

    /// <summary>The greatest value of <paramref name="field"/>.</summary>
    public static Measure Max(WorkloadField field) => new(MeasureKind.Max, field);

    /// <summary>The nearest-rank quantile of <paramref name="field"/> at <paramref name="level"/> (0.99 for p99).</summary>
    public static Measure Quantile(WorkloadField field, double level) => new(MeasureKind.Quantile, field, level);
}
