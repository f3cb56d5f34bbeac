namespace Netra.Grains.Workloads.Query;

/// <summary>
/// The one quantile definition every store and tool uses: the <b>nearest rank</b>. For n values sorted ascending
/// x₀ ≤ … ≤ xₙ₋₁ (0-based), the q-quantile is x_i with i = min(n − 1, ⌊q′·n⌋), q′ = max(0, q − 10⁻¹²)
/// (<see cref="SelectionLevel"/>), q′·n computed in IEEE double and truncated. So p50 of an even count is the lower
/// median, p0 is the minimum and p100 the maximum, and the answer is always one of the values.
/// <para>
/// For every level with at most 6 decimals and every n below 10⁶ (and far beyond: n·10⁻¹² must stay below the
/// level's last decimal place), i + 1 is exactly the textbook nearest rank max(1, ⌈q·n⌉) computed in rational
/// arithmetic from the level as written. That is more exact than ⌈q·n⌉ in doubles, which rounds
/// 0.07·100 up to 7.000000000000001 and so takes rank 8 instead of 7; the shift absorbs such representation errors.
/// </para>
/// <para>
/// ClickHouse computes the same index by selection (O(n), no sort) with <c>quantilesExact(q′₁, q′₂, …)(x)</c>: its
/// index is <c>(size_t)(level * n)</c> for a level below 1, the same double product truncated; q′ is always below 1.
/// </para>
/// </summary>
public static class Quantiles
{
    /// <summary>How far below the requested level the selection level lies.</summary>
    public const double Shift = 1e-12;

    /// <summary>The level q′ = max(0, q − <see cref="Shift"/>) whose ⌊q′·n⌋ is the 0-based nearest rank.</summary>
    public static double SelectionLevel(double level) => Math.Max(0, level - Shift);

    /// <summary>The 0-based index of the q-quantile among <paramref name="count"/> (at least one) sorted values.</summary>
    public static long Index(long count, double level)
    {
        var selection = SelectionLevel(level);
        return selection >= 1 ? count - 1 : Math.Min(count - 1, (long)(selection * count));
    }

    /// <summary>The 1-based rank of the q-quantile among <paramref name="count"/> (at least one) values.</summary>
    public static long Rank(long count, double level) => Index(count, level) + 1;

    /// <summary>The nearest-rank quantile of values already sorted ascending; null when there are none.</summary>
    public static double? NearestRank(IReadOnlyList<double> sorted, double level) =>
        sorted.Count == 0 ? null : sorted[(int)Index(sorted.Count, level)];

    /// <summary>
    /// The nearest-rank quantile at each of <paramref name="levels"/> of values given as a histogram, a count per value in
    /// any order (a value may appear more than once); nulls when the counts add up to none. The same answer as
    /// <see cref="NearestRank(IReadOnlyList{double}, double)"/> over the values written out.
    /// </summary>
    public static double?[] NearestRanks(IEnumerable<(double Value, long Count)> histogram, IReadOnlyList<double> levels)
    {
        var bins = histogram.Where(b => b.Count > 0).OrderBy(b => b.Value).ToList();
        var total = bins.Sum(b => b.Count);
        var answers = new double?[levels.Count];
        for (var i = 0; total > 0 && i < levels.Count; i++)
        {
            var index = Index(total, levels[i]);
            long upTo = 0;
            foreach (var (value, count) in bins)
            {
                upTo += count;
                if (upTo > index)
                {
                    answers[i] = value;
                    break;
                }
            }
        }

        return answers;
    }
}
