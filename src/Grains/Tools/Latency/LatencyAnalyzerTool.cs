using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Latency;

/// <summary>
/// <c>latency_analyzer</c>: p50, p90, p95 and p99 of latency and time to first token per model and per feature
/// (nearest rank), over successful requests unless asked otherwise, and the requests that breach the SLOs.
/// </summary>
public sealed class LatencyAnalyzerTool : IAnalysisTool
{
    private static readonly double[] s_levels = [0.5, 0.9, 0.95, 0.99];

    /// <inheritdoc />
    public string Name => "latency_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Latency;

    /// <inheritdoc />
    public string Description =>
        "Latency and time-to-first-token percentiles (p50, p90, p95, p99, nearest rank) per model and per feature, and the requests that breach a latency SLO and a TTFT SLO.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Number("slo_ms", "The end-to-end latency SLO in milliseconds; slower requests breach it.", 10_000, 1, 3_600_000),
        ToolParameters.Number("ttft_slo_ms", "The time-to-first-token SLO in milliseconds.", 2_000, 1, 3_600_000),
        new ToolParameter("include_failed", ToolParameterType.Boolean, "Include failed requests (errors, 429s, timeouts) in the percentiles.") { Default = false });

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var filter = context.Arguments.Boolean("include_failed") == true ? context.Filter : context.Filter with { Statuses = ["ok"] };
        var slo = context.Arguments.Number("slo_ms")!.Value;
        var ttftSlo = context.Arguments.Number("ttft_slo_ms")!.Value;
        List<Measure> measures =
        [
            Measure.Count(), Measure.CountValues(WorkloadField.LatencyMs), Measure.Max(WorkloadField.LatencyMs),
            .. s_levels.Select(q => Measure.Quantile(WorkloadField.LatencyMs, q)),
            Measure.CountValues(WorkloadField.TtftMs),
            .. s_levels.Select(q => Measure.Quantile(WorkloadField.TtftMs, q)),
        ];

        // Five scans at once: the percentiles overall, per model and per feature (quantiles do not add up, so each needs
        // its own), and the breaches of each SLO per (model, feature), which add up to the other two groupings and the total.
        GroupBy[] both = [WorkloadDimension.Model, WorkloadDimension.Feature];
        var statTasks = new[] { Array.Empty<GroupBy>(), [WorkloadDimension.Model], [WorkloadDimension.Feature] }
            .Select(g => context.QueryAsync(new WorkloadQuery(filter, g, measures), cancellationToken)).ToList();
        var breachTask = BreachesAsync(context, filter, both, WorkloadField.LatencyMs, slo, cancellationToken);
        var ttftTask = BreachesAsync(context, filter, both, WorkloadField.TtftMs, ttftSlo, cancellationToken);
        await Task.WhenAll([.. statTasks, breachTask, ttftTask]);
        var (breaches, ttftBreaches) = (await breachTask, await ttftTask);

        List<LatencyRow> Rows(WorkloadQueryResult stats, int? keyIndex) =>
        [
            .. stats.Rows.Where(r => r.ValueOrZero(1) > 0).Select(r =>
            {
                var key = keyIndex is null ? "" : ToolQueries.Label(r.Keys[0]);
                long Count(List<(string?[] Keys, long Count)> counts) => counts.Where(c => keyIndex is not { } k || ToolQueries.Label(c.Keys[k]) == key).Sum(c => c.Count);
                var breached = Count(breaches);
                return new LatencyRow(
                    key, (long)r.ValueOrZero(1), r.Values[3], r.Values[4], r.Values[5], r.Values[6], r.Values[2],
                    (long)r.ValueOrZero(7), r.Values[8], r.Values[9], r.Values[10], r.Values[11],
                    breached, ToolText.Round(ToolText.Share(breached, r.ValueOrZero(1))), Count(ttftBreaches));
            }),
        ];

        var overall = Rows(await statTasks[0], null);
        if (overall.Count == 0)
        {
            return ToolOutput.Insufficient(
                $"No {(filter.Statuses is null ? "" : "successful ")}request {context.Scope} reports a latency, so there are no percentiles to compute.",
                new { requests_with_latency = 0 });
        }

        var all = overall[0];
        var byModel = Rows(await statTasks[1], 0);
        var byFeature = Rows(await statTasks[2], 1);
        var worstBreach = byModel.OrderByDescending(r => r.SloBreaches).ThenBy(r => r.Name, StringComparer.Ordinal).First();
        var slowest = byModel.OrderByDescending(r => r.LatencyP99).ThenBy(r => r.Name, StringComparer.Ordinal).First();
        var summary = $"Across {ToolText.Count(all.Requests)} {(filter.Statuses is null ? "" : "successful ")}requests {context.Scope}, latency is {ToolText.Ms(all.LatencyP50!.Value)} at p50, "
            + $"{ToolText.Ms(all.LatencyP95!.Value)} at p95 and {ToolText.Ms(all.LatencyP99!.Value)} at p99"
            + (all.TtftP50 is { } ttft50 ? $"; time to first token is {ToolText.Ms(ttft50)} at p50 and {ToolText.Ms(all.TtftP99!.Value)} at p99. " : ". ")
            + $"{ToolText.Count(all.SloBreaches)} requests ({ToolText.Percent(all.SloBreachShare)}) took longer than the {ToolText.Ms(slo)} SLO"
            + (all.SloBreaches > 0 ? $", most of them on {worstBreach.Name} ({ToolText.Count(worstBreach.SloBreaches)}, {ToolText.Percent(worstBreach.SloBreachShare)} of its requests)" : "")
            + $", and {ToolText.Count(all.TtftSloBreaches)} waited longer than {ToolText.Ms(ttftSlo)} for their first token. "
            + $"The slowest model at p99 is {slowest.Name} ({ToolText.Ms(slowest.LatencyP99!.Value)}).";
        return new ToolOutput(summary, new
        {
            definition = "Nearest-rank percentiles over requests that report latency_ms (ttft_ms for TTFT); a breach is a value strictly above the SLO.",
            slo_ms = slo,
            ttft_slo_ms = ttftSlo,
            include_failed = filter.Statuses is null,
            overall = all,
            by_model = byModel,
            by_feature = byFeature,
        });
    }

    private static async Task<List<(string?[] Keys, long Count)>> BreachesAsync(
        ToolContext context, WorkloadFilter filter, GroupBy[] groupBy, WorkloadField field, double slo, CancellationToken cancellationToken)
    {
        var rows = await context.QueryAsync(new WorkloadQuery(filter.And(field, Comparison.Greater, slo), groupBy, [Measure.Count()]), cancellationToken);
        return [.. rows.Rows.Select(r => (r.Keys.ToArray(), (long)r.ValueOrZero(0)))];
    }

    /// <summary>Latency statistics of one group.</summary>
    private sealed record LatencyRow(
        string Name,
        long Requests,
        double? LatencyP50,
        double? LatencyP90,
        double? LatencyP95,
        double? LatencyP99,
        double? LatencyMax,
        long RequestsWithTtft,
        double? TtftP50,
        double? TtftP90,
        double? TtftP95,
        double? TtftP99,
        long SloBreaches,
        double SloBreachShare,
        long TtftSloBreaches);
}
