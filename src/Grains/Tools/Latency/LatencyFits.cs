using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Latency;

/// <summary>Fitting <see cref="LatencyFit"/>s per model from a stream of events.</summary>
internal static class LatencyFits
{
    /// <summary>Successful requests of the context's filter (<see cref="PlanAsync"/> keeps those that report latency).</summary>
    public static WorkloadFilter Successful(ToolContext context) => context.Filter with { Statuses = ["ok"] };

    /// <summary>
    /// The replay of the requests of <paramref name="successful"/> that report latency (ingestion refuses a negative
    /// latency, so <c>latency_ms ≥ 0</c> is every latency value), planned from the hourly rollup.
    /// </summary>
    public static Task<ReplaySample> PlanAsync(ToolContext context, WorkloadFilter successful, CancellationToken cancellationToken) =>
        ReplaySample.PlanPresentAsync(context, successful, WorkloadField.LatencyMs, cancellationToken);

    /// <summary>One streaming pass over <paramref name="sample"/>: a fit per model with at least <paramref name="minimum"/> requests.</summary>
    public static async Task<Dictionary<string, LatencyFit>> FitAsync(ToolContext context, ReplaySample sample, long minimum, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<string, LatencyRegression>(StringComparer.Ordinal);
        await foreach (WorkloadEvent e in sample.ReadAsync(context, prompts: false, cancellationToken))
        {
            if (!sums.TryGetValue(e.Model, out var regression))
            {
                sums[e.Model] = regression = new LatencyRegression();
            }

            regression.Add(e.InputTokens, e.OutputTokens, e.LatencyMs!.Value);
        }

        return sums.Select(s => (s.Key, Fit: s.Value.Fit(minimum))).Where(s => s.Fit is not null)
            .ToDictionary(s => s.Key, s => s.Fit!, StringComparer.Ordinal);
    }

    /// <summary>
    /// The models with successful requests that report latency that were not fitted. Counted as successful requests with a
    /// latency value (the same requests, since ingestion refuses a negative latency), which the hourly rollup answers
    /// rather than a scan of the events with a condition.
    /// </summary>
    public static async Task<List<string>> UnfittedAsync(ToolContext context, IEnumerable<string> fitted, CancellationToken cancellationToken)
    {
        var set = fitted.ToHashSet(StringComparer.Ordinal);
        var rows = await context.QueryAsync(
            new WorkloadQuery(context.Filter with { Statuses = ["ok"] }, [WorkloadDimension.Model], [Measure.CountValues(WorkloadField.LatencyMs)]), cancellationToken);
        return [.. rows.Rows.Where(r => r.ValueOrZero(0) > 0).Select(r => ToolQueries.Label(r.Keys[0])).Where(m => !set.Contains(m))];
    }
}
