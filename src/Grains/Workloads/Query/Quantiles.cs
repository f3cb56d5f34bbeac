namespace Netra.Grains.Workloads.Query;

/// <summary>
/// The one quantile definition every store and tool uses: the <b>nearest rank</b>. For n values sorted ascending
/// x₁ ≤ … ≤ xₙ, the q-quantile is x_k with k = max(1, ⌈q·n⌉), q·n computed in IEEE double. So p50 of an even count is
/// the lower median, p0 is the minimum and p100 the maximum, and the answer is always one of the values.
/// <para>
/// ClickHouse 18.16 reproduces it exactly with
/// <c>arrayElement(arraySort(groupArray(x)), toUInt64(greatest(1, ceil(q * count(x)))))</c> (NULLs skipped by both).
/// Its own <c>quantileExact</c> is not used: it takes index ⌊q·n⌋ (0-based), which differs when q·n is a whole number.
/// </para>
/// </summary>
public static class Quantiles
{
    /// <summary>The 1-based rank of the q-quantile among <paramref name="count"/> values.</summary>
    public static long Rank(long count, double level) => Math.Max(1, (long)Math.Ceiling(level * count));

    /// <summary>The nearest-rank quantile of values already sorted ascending; null when there are none.</summary>
    public static double? NearestRank(IReadOnlyList<double> sorted, double level) =>
        sorted.Count == 0 ? null : sorted[(int)Math.Min(sorted.Count, Rank(sorted.Count, level)) - 1];
}
