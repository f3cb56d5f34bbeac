using Netra.Grains.Catalog;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// <c>policy_proposer</c>: candidate routing rules "requests of feature F on model M under N input tokens go to model T,
/// escalating on failure". Per (feature, model) segment, N is the first bin edge above a quantile of the segment's input
/// tokens (<see cref="SegmentBins.Threshold"/>: 8 edges per power of two, so the quantile request is included and N is at
/// most an eighth above it; one scan then serves every segment and level), and T is the catalog model that serves the requests under N most cheaply, among those
/// whose quality score is within the tolerance of M's and whose context window holds N. Figures come from store
/// aggregates through <see cref="SegmentEstimate"/>; the rules form a <see cref="RoutingPolicy"/> that
/// <c>policy_simulator</c> accepts.
/// </summary>
public sealed class PolicyProposerTool : IAnalysisTool
{
    private static readonly double[] s_levels = [0.5, 0.75, 0.9];

    /// <inheritdoc />
    public string Name => "policy_proposer";

    /// <inheritdoc />
    public string Category => ToolCategories.Routing;

    /// <inheritdoc />
    public string Description =>
        "Proposes routing rules such as 'requests of feature F on model M under N input tokens go to model T, escalating on failure': per feature and model, "
        + "input-token thresholds from the quantiles under which a cheaper catalog model of acceptable quality would serve, each rule's share of traffic and saving, "
        + "and the rules as a policy that policy_simulator accepts.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Number("quality_tolerance", "The most catalog quality score points a target model may lose against the current one.", 3, 0, 100),
        ToolParameters.Number("threshold_quantile", "The input-token quantile of each segment under which the proposed rule routes.", 0.9, 0.05, 1),
        ToolParameters.Integer("max_rules", "The most rules to propose.", 10, 1, 50),
        new ToolParameter("failure_rate", ToolParameterType.Number, "The share of routed requests assumed to fail and escalate; by default the observed share of non-ok requests.")
        { Minimum = 0, Maximum = 1 });

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var a = context.Arguments;
        var tolerance = a.Number("quality_tolerance")!.Value;
        var level = a.Number("threshold_quantile")!.Value;
        var maxRules = (int)a.Integer("max_rules")!.Value;
        var levels = s_levels.Append(level).Distinct().Order().ToList();
        var modelTask = RoutingModel.BuildAsync(context, a.Number("failure_rate"), cancellationToken);
        var segmentTask = context.QueryAsync([WorkloadDimension.Feature, WorkloadDimension.Model], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)], cancellationToken);
        var totalTask = context.QueryAsync([], [Measure.Sum(WorkloadField.CostUsd)], cancellationToken);

        // One scan of the events: every segment's input-token quantiles and its requests under any threshold come from its bins.
        var binsTask = SegmentBins.LoadAsync(context, context.Filter, cancellationToken);
        await Task.WhenAll(modelTask, segmentTask, totalTask, binsTask);
        var model = await modelTask;
        if (model.Requests == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var segments = (await segmentTask).Rows
            .Where(r => r.Keys[0] is not null && context.Catalog.Find(r.Keys[1]) is not null)
            .OrderByDescending(r => r.ValueOrZero(1)).ThenBy(r => r.Keys[0], StringComparer.Ordinal).ThenBy(r => r.Keys[1], StringComparer.Ordinal)
            .Take(2 * maxRules).ToList();
        var totalCost = (await totalTask).Single.ValueOrZero(0);
        var bins = await binsTask;
        var rules = new List<ProposedRule>();
        foreach (var segment in segments)
        {
            var (feature, from) = (segment.Keys[0]!, segment.Keys[1]!);
            var source = context.Catalog.Find(from)!;
            var options = new List<ThresholdOption>();
            CatalogModel? target = null;
            foreach (var l in levels)
            {
                if (bins.Threshold(feature, from, l) is not { } threshold)
                {
                    continue; // no bins: events written between the two reads
                }

                var rows = bins.Below(feature, from, threshold);
                if (l == level)
                {
                    target = Cheapest(context.Catalog, source, rows, model, tolerance, threshold);
                }

                options.Add(new ThresholdOption(l, threshold, rows));
            }

            if (target is null)
            {
                continue;
            }

            var views = options.Select(o =>
            {
                var moved = o.Rows.Select(r => SegmentEstimate.Move(r, target, model, escalate: true)).ToList();
                return new ThresholdView(o.Level, o.MaxInputTokens, moved.Sum(m => m.Requests), SegmentEstimate.Share(moved.Sum(m => m.Requests), segment.ValueOrZero(0)),
                    ToolText.Round(moved.Sum(m => m.CostUsd)), ToolText.Round(moved.Sum(m => m.RoutedCostUsd)), ToolText.Round(moved.Sum(m => m.EscalationCostUsd)),
                    ToolText.Round(moved.Sum(m => m.CostUsd - m.RoutedCostUsd)));
            }).ToList();
            var chosen = views.Single(v => v.Level == level);
            if (chosen.SavingUsd > 0)
            {
                rules.Add(new ProposedRule(feature, from, target.Id, chosen.MaxInputTokens, level, chosen.Requests, chosen.ShareOfSegment,
                    SegmentEstimate.Share(chosen.Requests, model.Requests), chosen.CostUsd, chosen.RoutedCostUsd, chosen.EscalationCostUsd, chosen.SavingUsd,
                    ToolText.Round(source.QualityScore - target.QualityScore, 2), ToolText.Round(model.LatencyScale(from, target).Factor, 4),
                    model.LatencyScale(from, target).Basis, views));
            }
        }

        rules = [.. rules.OrderByDescending(r => r.SavingUsd).ThenBy(r => r.Feature, StringComparer.Ordinal).ThenBy(r => r.FromModel, StringComparer.Ordinal).Take(maxRules)];
        var policy = new RoutingPolicy("proposed", [.. rules.Select(r => new RoutingRule(r.Feature, r.FromModel, r.MaxInputTokens, r.TargetModel))]);
        var saving = ToolText.Round(rules.Sum(r => r.SavingUsd));
        var summary = rules.Count == 0
            ? $"No (feature, model) segment {context.Scope} has a catalog model within {ToolText.Number(tolerance)} quality points that would serve its requests under the "
                + $"p{ToolText.Number(100 * level, 0)} input length for less, so no routing rule is proposed."
            : $"{rules.Count} routing rule{(rules.Count == 1 ? "" : "s")} would move {ToolText.Percent(ToolText.Share(rules.Sum(r => r.Requests), model.Requests))} of the "
                + $"{ToolText.Count(model.Requests)} requests {context.Scope} and save {ToolText.Usd(saving)} ({ToolText.Percent(ToolText.Share(saving, totalCost))} of {ToolText.Usd(totalCost)}) "
                + $"after re-running the {ToolText.Percent(model.FailureRate)} that fail on their original model. The largest: {rules[0].Feature} requests on {rules[0].FromModel} "
                + $"under {ToolText.Count(rules[0].MaxInputTokens)} input tokens go to {rules[0].TargetModel} ({ToolText.Usd(rules[0].SavingUsd)}, "
                + $"{ToolText.Number(rules[0].QualityDrop, 2)} quality points lower).";
        return new ToolOutput(summary, new
        {
            definition = "Per (feature, model) segment: max_input_tokens = the first edge of 8 per power of two (16, 18, …, 960, 1,024, 1,152, …; every count below 16 is an edge) above the threshold_quantile of its input tokens, so at most 1/8 above it (quantile + 1 below 16 tokens); the target is the catalog model, within quality_tolerance "
                + "of the current one and with a context window ≥ max_input_tokens, that costs least for the requests under it at catalog prices, plus failure_rate × their "
                + "current cost for escalation; saving = current cost − that.",
            quality_tolerance = tolerance,
            threshold_quantile = level,
            failure_rate = ToolText.Round(model.FailureRate),
            total_cost_usd = ToolText.Round(totalCost),
            rules,
            total_saving_usd = saving,
            policy,
            opportunities = rules.Take(5).Select(r => new
            {
                title = $"Route {r.Feature} requests under {ToolText.Count(r.MaxInputTokens)} input tokens from {r.FromModel} to {r.TargetModel}",
                detail = $"{ToolText.Count(r.Requests)} requests ({ToolText.Percent(r.ShareOfSegment)} of the segment) cost {ToolText.Usd(r.CostUsd)} and would cost "
                    + $"{ToolText.Usd(r.RoutedCostUsd)} on {r.TargetModel}, escalation included; its catalog quality score is {ToolText.Number(r.QualityDrop, 2)} points lower. "
                    + "Check it with policy_simulator before rollout.",
                saving_usd = r.SavingUsd,
                effort = "low",
            }).ToList(),
        });
    }

    private static CatalogModel? Cheapest(ModelCatalog catalog, CatalogModel source, List<SegmentRow> rows, RoutingModel model, double tolerance, long threshold) =>
        rows.Count == 0 ? null : catalog.Models
            .Where(m => m.Id != source.Id && m.QualityScore >= source.QualityScore - tolerance && m.ContextWindow >= threshold)
            .Select(m => (Model: m, Cost: rows.Sum(r => SegmentEstimate.Move(r, m, model, escalate: true).RoutedCostUsd)))
            .Where(c => c.Cost < rows.Sum(r => r.CostUsd))
            .OrderBy(c => c.Cost).ThenByDescending(c => c.Model.QualityScore).ThenBy(c => c.Model.Id, StringComparer.Ordinal)
            .Select(c => c.Model).FirstOrDefault();

    /// <summary>A threshold's segment rows.</summary>
    private sealed record ThresholdOption(double Level, long MaxInputTokens, List<SegmentRow> Rows);

    /// <summary>What routing under one threshold moves.</summary>
    private sealed record ThresholdView(double Level, long MaxInputTokens, long Requests, double ShareOfSegment, double CostUsd, double RoutedCostUsd, double EscalationCostUsd, double SavingUsd);

    /// <summary>A proposed rule with its figures.</summary>
    private sealed record ProposedRule(
        string Feature, string FromModel, string TargetModel, long MaxInputTokens, double ThresholdQuantile, long Requests, double ShareOfSegment, double ShareOfTraffic,
        double CostUsd, double RoutedCostUsd, double EscalationCostUsd, double SavingUsd, double QualityDrop, double LatencyScale, string LatencyBasis, List<ThresholdView> Thresholds);
}
