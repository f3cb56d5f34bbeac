namespace Netra.Benchmarks;

/// <summary>Throughput and latency of one benchmark run: every call's latency is kept, so percentiles are exact.</summary>
public sealed record Measurement(string Name, int Concurrency, long Calls, TimeSpan Elapsed, double P50Us, double P99Us)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;

    public static Measurement From(string name, int concurrency, TimeSpan elapsed, IReadOnlyList<List<long>> latenciesPerCaller)
    {
        var all = latenciesPerCaller.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Measurement(name, concurrency, all.Length, elapsed, PercentileUs(all, 0.50), PercentileUs(all, 0.99));
    }

    private static double PercentileUs(long[] sortedTimestamps, double quantile)
    {
        if (sortedTimestamps.Length == 0)
        {
            return double.NaN;
        }

        var index = Math.Min(sortedTimestamps.Length - 1, (int)Math.Ceiling(quantile * sortedTimestamps.Length) - 1);
        return sortedTimestamps[Math.Max(0, index)] * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
