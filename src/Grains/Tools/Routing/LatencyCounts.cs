using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// Latencies counted per whole millisecond (rounded half away from zero), so a replay's percentiles are exact
/// nearest-rank quantiles of the rounded values in memory bounded by the range of latencies, not by the requests.
/// </summary>
internal sealed class LatencyCounts
{
    private readonly Dictionary<long, long> _counts = [];

    public long Count { get; private set; }

    public double Sum { get; private set; }

    public void Add(double latencyMs)
    {
        var key = (long)Math.Round(latencyMs, MidpointRounding.AwayFromZero);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
        Count++;
        Sum += latencyMs;
    }

    public double? Mean => Count == 0 ? null : Sum / Count;

    /// <summary>The nearest-rank quantile (see <see cref="Quantiles"/>), or null when empty.</summary>
    public double? Quantile(double level)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Quantiles.Rank(Count, level);
        var seen = 0L;
        foreach (var (value, count) in _counts.OrderBy(c => c.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return value;
            }
        }

        return _counts.Keys.Max();
    }
}
