using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Workload;

/// <summary>
/// <c>anomaly_detector</c>: hours whose cost, request count or p95 latency spike above the rest, by robust z-score:
/// z = 0.6745 (x − median) / MAD, MAD the median absolute deviation (Iglewicz and Hoaglin). When MAD is 0 it uses
/// 1.2533 × the mean absolute deviation; when that is 0 too, every hour is alike and none is flagged. Hours without
/// requests count as zero cost and zero requests, and have no latency.
/// </summary>
public sealed class AnomalyDetectorTool : IAnalysisTool
{
    /// <summary>The fewest hourly points a baseline needs.</summary>
    public const int MinimumHours = 24;

    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public string Name => "anomaly_detector";

    /// <inheritdoc />
    public string Category => ToolCategories.Workload;

    /// <inheritdoc />
    public string Description =>
        "Spikes in hourly cost, request volume or p95 latency, found by robust z-score (median and MAD) above a threshold; needs at least 24 hours of data.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Number("threshold", "The robust z-score above which an hour is a spike.", 3.5, 1, 100),
        new ToolParameter("metrics", ToolParameterType.StringList, "Which hourly series to scan.") { Allowed = ["cost", "requests", "latency"] });

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var threshold = context.Arguments.Number("threshold")!.Value;
        var metrics = context.Arguments.StringList("metrics") ?? ["cost", "requests", "latency"];
        var hourly = (await context.QueryAsync([GroupBy.Time(s_hour)], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)], cancellationToken)).Rows;
        var hours = ToolQueries.Contiguous(hourly, s_hour).ToList();
        if (hours.Count < MinimumHours)
        {
            return ToolOutput.Insufficient(
                $"The requests {context.Scope} span {hours.Count} hour{(hours.Count == 1 ? "" : "s")}; spotting an anomalous hour needs a baseline of at least {MinimumHours}.",
                new { hours = hours.Count, minimum_hours = MinimumHours });
        }

        var latencyRows = (await context.QueryAsync(
            new WorkloadQuery(context.Filter with { Statuses = ["ok"] }, [GroupBy.Time(s_hour)], [Measure.Quantile(WorkloadField.LatencyMs, 0.95)]), cancellationToken)).Rows;
        var series = new Dictionary<string, List<(DateTimeOffset Hour, double Value)>>
        {
            ["cost"] = [.. hours.Select(h => (h.Start, h.Row?.ValueOrZero(1) ?? 0))],
            ["requests"] = [.. hours.Select(h => (h.Start, h.Row?.ValueOrZero(0) ?? 0))],
            ["latency"] = [.. latencyRows.Where(r => r.Values[0] is not null).Select(r => (ToolQueries.ParseTime(r.Keys[0]), r.Values[0]!.Value))],
        };

        var results = metrics.Distinct().Select(metric => Scan(metric, series[metric], threshold)).ToList();
        var spikes = results.SelectMany(r => r.Spikes).ToList();
        var summary = $"Across {hours.Count} hours {context.Scope}, " + (spikes.Count == 0
            ? $"no hour's {string.Join(", ", metrics)} stands out (robust z-score above {threshold})."
            : string.Join("; ", results.Where(r => r.Spikes.Count > 0).Select(r =>
                {
                    var top = r.Spikes.MaxBy(s => s.Z)!;
                    return $"{r.Spikes.Count} hour{(r.Spikes.Count == 1 ? "" : "s")} had anomalous {r.Metric} (robust z above {threshold}), the largest at {ToolText.Time(top.Hour)}: "
                        + $"{Describe(r.Metric, top.Value)} against a median of {Describe(r.Metric, r.Median)} per hour (z = {ToolText.Number(top.Z)})";
                })) + ".");
        return new ToolOutput(summary, new
        {
            definition = "robust z = 0.6745 × (x − median) / MAD over hourly points; MAD = 0 falls back to 1.2533 × mean absolute deviation; a spike is z > threshold.",
            threshold,
            hours = hours.Count,
            metrics = results,
            spikes = spikes.OrderBy(s => s.Hour).ToList(),
        });
    }

    private static MetricScan Scan(string metric, List<(DateTimeOffset Hour, double Value)> points, double threshold)
    {
        if (points.Count < MinimumHours)
        {
            return new MetricScan(metric, points.Count, 0, 0, []);
        }

        var values = points.Select(p => p.Value).ToList();
        var median = ToolQueries.Median(values);
        var mad = ToolQueries.Median([.. values.Select(v => Math.Abs(v - median))]);
        var scale = mad > 0 ? mad / 0.6745 : 1.2533 * values.Average(v => Math.Abs(v - median));
        var spikes = scale <= 0 ? [] : points
            .Select(p => new Spike(metric, p.Hour, ToolText.Round(p.Value), ToolText.Round((p.Value - median) / scale, 3)))
            .Where(s => s.Z > threshold)
            .ToList();
        return new MetricScan(metric, points.Count, ToolText.Round(median), ToolText.Round(mad), spikes);
    }

    private static string Describe(string metric, double value) => metric switch
    {
        "cost" => ToolText.Usd(value),
        "latency" => ToolText.Ms(value) + " p95",
        _ => ToolText.Count(value) + " requests",
    };

    /// <summary>One hour that spiked.</summary>
    private sealed record Spike(string Metric, DateTimeOffset Hour, double Value, double Z);

    /// <summary>The scan of one hourly series.</summary>
    private sealed record MetricScan(string Metric, int Points, double Median, double Mad, List<Spike> Spikes);
}
