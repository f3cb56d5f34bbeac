using Netra.Grains.Catalog;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// The simulator's arithmetic on store aggregates instead of single requests: cost is linear in the token sums, and
/// the latency and quality assumptions of <see cref="RoutingModel"/> are linear too, so moving a whole segment gives
/// the same figures as replaying its requests one by one (to floating-point rounding; percentiles excepted).
/// </summary>
internal static class SegmentEstimate
{
    /// <summary>What <see cref="FromRows"/> reads: per group, requests, token and cost sums, and latency count and sum.</summary>
    public static readonly Measure[] Measures =
    [
        Measure.Count(), Measure.Sum(WorkloadField.InputTokens), Measure.Sum(WorkloadField.CacheReadInputTokens), Measure.Sum(WorkloadField.OutputTokens),
        Measure.Sum(WorkloadField.CostUsd), Measure.CountValues(WorkloadField.LatencyMs), Measure.Sum(WorkloadField.LatencyMs),
    ];

    /// <summary>The events of <paramref name="filter"/> per model (successful latency only), computed in the store.</summary>
    public static async Task<List<SegmentRow>> RowsAsync(ToolContext context, WorkloadFilter filter, CancellationToken cancellationToken)
    {
        var rows = (await context.QueryAsync(new WorkloadQuery(filter, [WorkloadDimension.Model, WorkloadDimension.Status], Measures), cancellationToken)).Rows;
        return FromRows(rows, 0, 1);
    }

    /// <summary>
    /// Rows of <see cref="Measures"/> (keyed by model at <paramref name="modelKey"/> and status at
    /// <paramref name="statusKey"/>, possibly several per pair) summed per model, latency over ok requests only.
    /// </summary>
    public static List<SegmentRow> FromRows(IEnumerable<WorkloadQueryRow> rows, int modelKey, int statusKey) =>
        [
            .. rows.GroupBy(r => r.Keys[modelKey] ?? "").Select(g =>
            {
                double Sum(int i) => g.Sum(r => r.ValueOrZero(i));
                var ok = g.Where(r => r.Keys[statusKey] == "ok").ToList();
                return new SegmentRow(g.Key, (long)Sum(0), (long)Sum(1), (long)Sum(2), (long)Sum(3), Sum(4), (long)ok.Sum(r => r.ValueOrZero(5)), ok.Sum(r => r.ValueOrZero(6)));
            }).OrderBy(r => r.Model, StringComparer.Ordinal),
        ];

    /// <summary>What moving <paramref name="row"/> to <paramref name="target"/> does, or a no-op when it is already there.</summary>
    public static Moved Move(SegmentRow row, CatalogModel target, RoutingModel model, bool escalate)
    {
        var source = model.Catalog.Find(row.Model);
        if (source?.Id == target.Id)
        {
            return new Moved(0, row.CostUsd, row.CostUsd, 0, 0, 0);
        }

        var f = escalate ? model.FailureRate : 0;
        var routed = (double)target.Cost(row.InputTokens, row.CachedTokens, row.OutputTokens) + (f * row.CostUsd);
        var latencyDelta = row.OkLatencySumMs * (model.LatencyScale(row.Model, target).Factor + f - 1);
        var qualityDelta = source is null ? 0 : row.Requests * (1 - f) * (target.QualityScore - source.QualityScore);
        return new Moved(row.Requests, row.CostUsd, routed, f * row.CostUsd, latencyDelta, qualityDelta);
    }

    /// <summary>The traffic-weighted catalog quality of <paramref name="rows"/>, and the requests it covers.</summary>
    public static (double QualitySum, long Requests) Quality(IEnumerable<SegmentRow> rows, RoutingModel model)
    {
        var scored = rows.Select(r => (Row: r, Source: model.Catalog.Find(r.Model))).Where(r => r.Source is not null).ToList();
        return (scored.Sum(r => r.Row.Requests * r.Source!.QualityScore), scored.Sum(r => r.Row.Requests));
    }

    /// <summary>Rounds a share for output.</summary>
    public static double Share(double part, double whole) => ToolText.Round(ToolText.Share(part, whole));
}

/// <summary>One model's requests in a segment.</summary>
internal sealed record SegmentRow(string Model, long Requests, long InputTokens, long CachedTokens, long OutputTokens, double CostUsd, long OkLatencyCount, double OkLatencySumMs);

/// <summary>The effect of moving a segment row: requests moved, cost before and after (escalation included), and the changes in latency and quality sums.</summary>
internal sealed record Moved(long Requests, double CostUsd, double RoutedCostUsd, double EscalationCostUsd, double LatencySumDeltaMs, double QualitySumDelta);
