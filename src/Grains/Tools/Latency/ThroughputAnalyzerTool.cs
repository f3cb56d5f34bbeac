using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Latency;

/// <summary>
/// <c>throughput_analyzer</c>: requests/s and tokens/s over time, the peak-to-mean ratio (the busiest bucket's rate
/// over the mean rate across every bucket from the first to the last, empty ones included), and burstiness as the
/// coefficient of variation of inter-arrival times (about 1 for Poisson arrivals, above 1 for bursts), computed in one
/// streaming pass with constant memory.
/// </summary>
public sealed class ThroughputAnalyzerTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "throughput_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Latency;

    /// <inheritdoc />
    public string Description =>
        "Requests per second and tokens per second over time (a chart series), the peak rate and the peak-to-mean ratio, and burstiness as the coefficient of variation of inter-arrival times.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Integer("bucket_seconds", "The window in which the peak rate is measured.", 60, 1, 86_400),
        ToolParameters.Integer("series_bucket_seconds", "The step of the returned chart series.", 3_600, 60, 86_400),
        ReplaySample.Parameter);

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var bucket = TimeSpan.FromSeconds(context.Arguments.Integer("bucket_seconds")!.Value);
        var step = TimeSpan.FromSeconds(context.Arguments.Integer("series_bucket_seconds")!.Value);
        Measure[] measures = [Measure.Count(), Measure.Sum(WorkloadField.TotalTokens)];
        var rows = (await context.QueryAsync([GroupBy.Time(bucket)], measures, cancellationToken)).Rows;
        var requests = rows.Sum(r => r.ValueOrZero(0));
        if (requests < 3)
        {
            return ToolOutput.Insufficient(
                $"There {(requests == 1 ? "is" : "are")} {ToolText.Count(requests)} request{(requests == 1 ? "" : "s")} {context.Scope}; throughput and burstiness need at least 3.",
                new { requests = (long)requests });
        }

        var tokens = rows.Sum(r => r.ValueOrZero(1));
        var buckets = (ToolQueries.ParseTime(rows[^1].Keys[0]) - ToolQueries.ParseTime(rows[0].Keys[0])) / bucket + 1;
        var seconds = buckets * bucket.TotalSeconds;
        var peak = rows.MaxBy(r => r.ValueOrZero(0))!;
        var peakTokens = rows.Max(r => r.ValueOrZero(1));
        var sample = await ReplaySample.PlanAsync(context, context.Filter, cancellationToken);
        var (meanGap, cv) = await InterArrivalAsync(context, sample, cancellationToken);
        var series = ToolQueries.Contiguous((await context.QueryAsync([GroupBy.Time(step)], measures, cancellationToken)).Rows, step)
            .Select(s => new
            {
                start = s.Start,
                requests_per_second = ToolText.Round((s.Row?.ValueOrZero(0) ?? 0) / step.TotalSeconds, 4),
                tokens_per_second = ToolText.Round((s.Row?.ValueOrZero(1) ?? 0) / step.TotalSeconds, 2),
            }).ToList();

        var meanRps = requests / seconds;
        var peakRps = peak.ValueOrZero(0) / bucket.TotalSeconds;
        var summary = $"Over {ToolText.Number(seconds / 3600)} hours {context.Scope}, traffic averaged {ToolText.Number(meanRps, 3)} requests/s and {ToolText.Number(tokens / seconds)} tokens/s. "
            + $"The busiest {ToolText.Count(bucket.TotalSeconds)}-second window ({ToolText.Time(ToolQueries.ParseTime(peak.Keys[0]))}) ran at {ToolText.Number(peakRps, 3)} requests/s, "
            + $"{ToolText.Number(peakRps / meanRps, 2)}× the mean. Inter-arrival times have a coefficient of variation of {ToolText.Number(cv, 2)} "
            + (cv > 1.2 ? "(bursty: arrivals cluster more than a Poisson process would)." : cv < 0.8 ? "(smoother than random arrivals)." : "(close to random, Poisson-like arrivals).")
            + (sample.Sampled ? $" The inter-arrival figures come from a deterministic sample: the gaps inside {sample.Windows!.Count} evenly spaced windows holding {ToolText.Count(sample.Replayed)} of the {ToolText.Count(sample.Total)} requests; the rates count every request." : "");
        return new ToolOutput(summary, new
        {
            definition = "mean rate = requests / (buckets from first to last × bucket seconds); peak = the busiest bucket; burstiness = stddev / mean of the gaps between consecutive requests in timestamp order.",
            requests = (long)requests,
            bucket_seconds = bucket.TotalSeconds,
            mean_requests_per_second = ToolText.Round(meanRps, 6),
            peak_requests_per_second = ToolText.Round(peakRps, 6),
            peak_to_mean = ToolText.Round(peakRps / meanRps, 4),
            mean_tokens_per_second = ToolText.Round(tokens / seconds, 4),
            peak_tokens_per_second = ToolText.Round(peakTokens / bucket.TotalSeconds, 4),
            mean_inter_arrival_ms = ToolText.Round(meanGap, 3),
            inter_arrival_cv = ToolText.Round(cv, 4),
            inter_arrival_sampling = sample.View(),
            series,
        });
    }

    /// <summary>The mean and coefficient of variation of the gaps between consecutive requests (Welford's online variance).</summary>
    /// <remarks>When sampled, only gaps between requests of the same window count.</remarks>
    private static async Task<(double Mean, double Cv)> InterArrivalAsync(ToolContext context, ReplaySample sample, CancellationToken cancellationToken)
    {
        long? previous = null;
        var window = 0;
        long n = 0;
        double mean = 0, m2 = 0;
        await foreach (var e in sample.ReadAsync(context, prompts: false, cancellationToken))
        {
            var at = e.Timestamp.ToUnixTimeMilliseconds();
            if (sample.Window != window)
            {
                (window, previous) = (sample.Window, null);
            }

            if (previous is { } p)
            {
                var gap = (double)(at - p);
                n++;
                var delta = gap - mean;
                mean += delta / n;
                m2 += delta * (gap - mean);
            }

            previous = at;
        }

        var std = n > 0 ? Math.Sqrt(m2 / n) : 0;
        return (mean, mean > 0 ? std / mean : 0);
    }
}
