using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Latency;

/// <summary>
/// <c>batching_opportunity_finder</c>: features whose traffic is not interactive and could go to a provider's batch
/// API (results within 24 hours at a discount, 50% at OpenAI and Anthropic), either named by the caller or found by
/// heuristics computed in the store: no session ids, long outputs, a latency users already tolerate, and traffic
/// mostly in hours when the rest of the workload is quiet.
/// </summary>
public sealed class BatchingOpportunityFinderTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "batching_opportunity_finder";

    /// <inheritdoc />
    public string Category => ToolCategories.Latency;

    /// <inheritdoc />
    public string Description =>
        "Traffic that is not interactive (named features, or heuristics: no sessions, long outputs, high latency tolerance, off-peak timing) and could go to batch APIs, "
        + "with the saving at their discount.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        new ToolParameter("features", ToolParameterType.StringList, "Features known not to be interactive; when given, the heuristics only describe them."),
        ToolParameters.Number("batch_discount", "The batch API's discount on price (0.5 at OpenAI and Anthropic).", 0.5, 0, 1),
        ToolParameters.Integer("long_output_tokens", "Signal: mean output tokens at least this.", 1000, 1, 10_000_000),
        ToolParameters.Number("latency_tolerance_ms", "Signal: the p50 latency of successful requests is at least this, so users already wait.", 10_000, 1, 86_400_000),
        ToolParameters.Number("off_peak_share", "Signal: at least this share of the feature's requests fall in UTC hours where the other features' traffic is below half of its busiest hour.", 0.5, 0, 1),
        ToolParameters.Integer("min_signals", "Without features, a candidate has no session ids and at least this many signals (no-session counts as one).", 2, 1, 4));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        var named = args.StringList("features");
        var discount = args.Number("batch_discount")!.Value;
        var (longOutput, tolerance, offPeakShare, minSignals) =
            (args.Integer("long_output_tokens")!.Value, args.Number("latency_tolerance_ms")!.Value, args.Number("off_peak_share")!.Value, args.Integer("min_signals")!.Value);
        // Two scans of the events, one after the other (two at once slow each other on 2 cores): the exact distinct
        // sessions, then the latency median. The totals and the hours come from the rollup beside the first.
        var totalTask = context.QueryAsync([WorkloadDimension.Feature], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.Avg(WorkloadField.OutputTokens)], cancellationToken);
        var hourTask = context.QueryAsync([WorkloadDimension.Feature, WorkloadDimension.HourOfDay], [Measure.Count()], cancellationToken);
        var sessionTask = context.QueryAsync([WorkloadDimension.Feature], [Measure.CountDistinct(WorkloadDimension.SessionId)], cancellationToken);
        await Task.WhenAll(totalTask, hourTask, sessionTask);
        var rows = (await totalTask).Rows;
        if (rows.Count == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var sessions = (await sessionTask).Rows.ToDictionary(r => ToolQueries.Label(r.Keys[0]), r => r.ValueOrZero(0));
        var latency = (await context.QueryAsync(new WorkloadQuery(context.Filter with { Statuses = ["ok"] }, [WorkloadDimension.Feature], [Measure.Quantile(WorkloadField.LatencyMs, 0.5)]), cancellationToken))
            .Rows.ToDictionary(r => ToolQueries.Label(r.Keys[0]), r => r.Values[0]);
        var byHour = (await hourTask).Rows;
        var offPeak = OffPeakShares(byHour);
        var total = rows.Sum(r => r.ValueOrZero(1));
        var features = rows.Select(r =>
        {
            var name = ToolQueries.Label(r.Keys[0]);
            var requests = r.ValueOrZero(0);
            var p50 = latency.GetValueOrDefault(name);
            var sessionCount = sessions.GetValueOrDefault(name);
            var share = offPeak.GetValueOrDefault(name);
            var signals = new List<string>();
            if (sessionCount == 0)
            {
                signals.Add("no_session");
            }

            if (r.ValueOrZero(2) >= longOutput)
            {
                signals.Add("long_outputs");
            }

            if (p50 >= tolerance)
            {
                signals.Add("latency_tolerant");
            }

            if (share >= offPeakShare)
            {
                signals.Add("off_peak");
            }

            var candidate = named is not null ? named.Contains(name, StringComparer.Ordinal) : signals.Contains("no_session") && signals.Count >= minSignals;
            var cost = r.ValueOrZero(1);
            return new FeatureRow(name, (long)requests, ToolText.Round(cost), (long)sessionCount, ToolText.Round(r.ValueOrZero(2), 1), p50, ToolText.Round(share, 4),
                signals, candidate, candidate ? ToolText.Round(cost * discount) : 0);
        }).OrderByDescending(f => f.SavingUsd).ThenByDescending(f => f.CostUsd).ThenBy(f => f.Feature, StringComparer.Ordinal).ToList();

        var candidates = features.Where(f => f.Candidate).ToList();
        var saving = candidates.Sum(c => c.SavingUsd);
        var basis = named is not null ? "named as not interactive" : $"with no session ids and at least {minSignals} signals of batch-friendly traffic";
        var summary = $"Of {features.Count} features {context.Scope}, "
            + (candidates.Count == 0
                ? $"none is {basis}, so none could move to a batch API on this evidence."
                : $"{candidates.Count} {(candidates.Count == 1 ? "is" : "are")} {basis} ({string.Join(", ", candidates.Select(c => c.Feature))}), spending {ToolText.Usd(candidates.Sum(c => c.CostUsd))} of {ToolText.Usd(total)}; "
                    + $"at a {ToolText.Percent(discount)} batch discount they would save {ToolText.Usd(saving)} ({ToolText.Percent(ToolText.Share(saving, total))} of spend).")
            + (named?.Where(n => features.All(f => f.Feature != n)).ToList() is { Count: > 0 } missing ? $" No request {context.Scope} belongs to {string.Join(", ", missing)}." : "");
        return new ToolOutput(summary, new
        {
            definition = "Signals per feature: no_session (no request carries a session_id), long_outputs (mean output ≥ long_output_tokens), latency_tolerant (p50 latency of successful requests ≥ latency_tolerance_ms), "
                + "off_peak (≥ off_peak_share of the feature's requests fall in UTC hours where the other features' traffic is below half of its busiest hour). Saving = the feature's cost × batch_discount; batch results arrive within 24 hours.",
            batch_discount = discount,
            features,
            candidates = candidates.Select(c => c.Feature).ToList(),
            candidate_cost_usd = ToolText.Round(candidates.Sum(c => c.CostUsd)),
            saving_usd = ToolText.Round(saving),
            opportunities = candidates.Where(c => c.SavingUsd > 0).Take(5).Select(c => new
            {
                title = $"Send {c.Feature} through a batch API",
                detail = $"{ToolText.Count(c.Requests)} requests costing {ToolText.Usd(c.CostUsd)} "
                    + (c.Signals.Count > 0 ? $"show {string.Join(", ", c.Signals).Replace('_', ' ')}" : "were named as not interactive")
                    + $"; at a {ToolText.Percent(discount)} discount they cost {ToolText.Usd(c.CostUsd - c.SavingUsd)}, if results within 24 hours are acceptable.",
                saving_usd = c.SavingUsd,
                effort = "medium",
            }).ToList(),
        });
    }

    /// <summary>
    /// Per feature, the share of its requests in the hours when the rest of the workload is quiet: hours where the
    /// other features' count is below half of their busiest hour. A feature alone in the data has no off-peak share.
    /// </summary>
    private static Dictionary<string, double> OffPeakShares(IReadOnlyList<WorkloadQueryRow> byHour)
    {
        var totals = byHour.GroupBy(r => r.Keys[1]!).ToDictionary(g => g.Key, g => g.Sum(r => r.ValueOrZero(0)), StringComparer.Ordinal);
        return byHour.GroupBy(r => ToolQueries.Label(r.Keys[0])).ToDictionary(g => g.Key, g =>
        {
            var own = g.ToDictionary(r => r.Keys[1]!, r => r.ValueOrZero(0), StringComparer.Ordinal);
            var rest = totals.ToDictionary(t => t.Key, t => t.Value - own.GetValueOrDefault(t.Key), StringComparer.Ordinal);
            var peak = rest.Values.DefaultIfEmpty(0).Max();
            var quiet = own.Where(o => rest[o.Key] < 0.5 * peak).Sum(o => o.Value);
            return peak > 0 ? quiet / own.Values.Sum() : 0;
        }, StringComparer.Ordinal);
    }

    /// <summary>One feature's batch-friendliness.</summary>
    private sealed record FeatureRow(
        string Feature,
        long Requests,
        double CostUsd,
        long Sessions,
        double MeanOutputTokens,
        double? P50LatencyMs,
        double OffPeakShare,
        List<string> Signals,
        bool Candidate,
        double SavingUsd);
}
