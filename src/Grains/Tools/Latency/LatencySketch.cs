namespace Netra.Grains.Tools.Latency;

/// <summary>
/// A quantile sketch with bounded memory and a relative error of at most 0.5% (the DDSketch idea): a positive value x
/// falls in bucket ⌈log_γ x⌉ with γ = 1.01/0.99, and a quantile is the nearest-rank bucket's midpoint 2γⁱ/(γ + 1).
/// Values of at most 1 ms share the lowest bucket; buckets are kept only when used, so a range of 1 ms to 1 h takes
/// under 800 counters.
/// </summary>
internal sealed class LatencySketch
{
    private const double Alpha = 0.005;
    private static readonly double s_gamma = (1 + Alpha) / (1 - Alpha);
    private static readonly double s_logGamma = Math.Log(s_gamma);
    private readonly SortedDictionary<int, long> _buckets = [];

    /// <summary>The values added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds a value in milliseconds.</summary>
    public void Add(double value)
    {
        var index = value <= 1 ? 0 : (int)Math.Ceiling(Math.Log(value) / s_logGamma);
        _buckets[index] = _buckets.GetValueOrDefault(index) + 1;
        Count++;
    }

    /// <summary>The nearest-rank quantile at <paramref name="level"/>, within 0.5% (values ≤ 1 ms read as 1); null when empty.</summary>
    public double? Quantile(double level)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(level * Count));
        long seen = 0;
        foreach (var (index, count) in _buckets)
        {
            seen += count;
            if (seen >= rank)
            {
                return index == 0 ? 1 : 2 * Math.Pow(s_gamma, index) / (s_gamma + 1);
            }
        }

        return null;
    }
}
