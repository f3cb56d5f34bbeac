using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Cost;

/// <summary>
/// <c>cost_reduction_quality_preservation</c>: for each (model, feature) segment, the cheapest catalog model whose
/// quality score (0–100, the catalog's benchmark) is at most a tolerance below the current model's and whose context
/// window holds the segment's p99 input tokens, priced on the segment's own token totals, with the saving.
/// </summary>
public sealed class CostReductionQualityPreservationTool : IAnalysisTool
{
    private static readonly Measure[] s_measures =
    [
        Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.Sum(WorkloadField.InputTokens),
        Measure.Sum(WorkloadField.CacheReadInputTokens), Measure.Sum(WorkloadField.OutputTokens), Measure.Quantile(WorkloadField.InputTokens, 0.99),
    ];

    /// <inheritdoc />
    public string Name => "cost_reduction_quality_preservation";

    /// <inheritdoc />
    public string Category => ToolCategories.Cost;

    /// <inheritdoc />
    public string Description =>
        "For each (model, feature) segment, the cheapest catalog model whose quality score stays within a tolerance of the current model's "
        + "and whose context window fits the segment's p99 input tokens, with the saving per segment and in total.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Number("quality_tolerance", "How many points (the catalog's quality scale is 0–100) a replacement may score below the current model.", 5, 0, 100),
        new ToolParameter("same_provider", ToolParameterType.Boolean, "Only consider replacements from the current model's provider.") { Default = false });

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var tolerance = context.Arguments.Number("quality_tolerance")!.Value;
        var sameProvider = context.Arguments.Boolean("same_provider") == true;
        var rows = (await context.QueryAsync([WorkloadDimension.Model, WorkloadDimension.Feature], s_measures, cancellationToken)).Rows;
        if (rows.Count == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var total = rows.Sum(r => r.ValueOrZero(1));
        var unknown = rows.Where(r => context.Catalog.Find(r.Keys[0]) is null).ToList();
        var segments = rows.Where(r => context.Catalog.Find(r.Keys[0]) is not null).Select(r =>
        {
            var current = context.Catalog.Find(r.Keys[0])!;
            var (cost, input, cached, output, p99) = (r.ValueOrZero(1), r.ValueOrZero(2), r.ValueOrZero(3), r.ValueOrZero(4), r.ValueOrZero(5));
            var best = context.Catalog.Models
                .Where(m => m.QualityScore >= current.QualityScore - tolerance && m.ContextWindow >= p99)
                .Where(m => !sameProvider || m.Provider == current.Provider)
                .Select(m => (Model: m, Cost: Prices.Of(m).Cost(input, cached, output)))
                .OrderBy(c => c.Cost).ThenBy(c => c.Model.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            var better = best.Model is not null && best.Model.Id != current.Id && best.Cost < cost;
            return new Segment(
                r.Keys[0]!, ToolQueries.Label(r.Keys[1]), (long)r.ValueOrZero(0), ToolText.Round(cost), (long)p99, current.QualityScore,
                better ? best.Model!.Id : null, better ? ToolText.Round(best.Cost) : null, better ? best.Model!.QualityScore : null,
                better ? best.Model!.ContextWindow : null, better ? ToolText.Round(cost - best.Cost) : 0);
        }).OrderByDescending(s => s.SavingUsd).ThenBy(s => s.Model, StringComparer.Ordinal).ThenBy(s => s.Feature, StringComparer.Ordinal).ToList();

        if (segments.Count == 0)
        {
            return ToolOutput.Insufficient(
                $"None of the models used {context.Scope} ({string.Join(", ", unknown.Select(u => ToolQueries.Label(u.Keys[0])).Distinct())}) is in the catalog, so there is no quality score to preserve.",
                new { segments = rows.Count, segments_in_catalog = 0 });
        }

        var movable = segments.Where(s => s.SavingUsd > 0).ToList();
        var saving = movable.Sum(s => s.SavingUsd);
        var summary = $"Of {segments.Count} (model, feature) segments {context.Scope} with a catalog model, {movable.Count} could move to a cheaper model scoring at most "
            + $"{ToolText.Number(tolerance)} points lower whose context window holds the segment's p99 input, saving {ToolText.Usd(saving)} "
            + $"({ToolText.Percent(ToolText.Share(saving, total))} of {ToolText.Usd(total)})"
            + (movable.Count > 0 ? $"; the largest is {movable[0].Model} for {movable[0].Feature} on {movable[0].Replacement} ({ToolText.Usd(movable[0].SavingUsd)})." : ".")
            + (unknown.Count > 0 ? $" {unknown.Count} segment{(unknown.Count == 1 ? "" : "s")} use models not in the catalog and are left out." : "");
        return new ToolOutput(summary, new
        {
            definition = "A replacement scores at least (current quality score − quality_tolerance) on the catalog's benchmark and has a context window ≥ the segment's nearest-rank p99 input tokens; "
                + "its cost is the segment's input, cached-input and output token totals at its catalog prices; the cheapest such model is picked (ties by id).",
            quality_tolerance = tolerance,
            quality_benchmark = context.Catalog.Models.Select(m => m.QualityBenchmark).FirstOrDefault(),
            total_cost_usd = ToolText.Round(total),
            saving_usd = ToolText.Round(saving),
            saving_share = ToolText.Round(ToolText.Share(saving, total)),
            segments,
            segments_not_in_catalog = unknown.Select(u => $"{ToolQueries.Label(u.Keys[0])} / {ToolQueries.Label(u.Keys[1])}").ToList(),
            opportunities = movable.Take(5).Select(s => new
            {
                title = $"Move {s.Feature} from {s.Model} to {s.Replacement}",
                detail = $"{ToolText.Count(s.Requests)} requests costing {ToolText.Usd(s.CostUsd)} would cost {ToolText.Usd(s.ReplacementCostUsd!.Value)} on {s.Replacement} "
                    + $"(quality {ToolText.Number(s.ReplacementQuality!.Value)} against {ToolText.Number(s.CurrentQuality)}; context {ToolText.Count(s.ReplacementContextWindow!.Value)} tokens ≥ p99 input {ToolText.Count(s.P99InputTokens)}). "
                    + "Check quality on a sample of this feature before switching.",
                saving_usd = s.SavingUsd,
                effort = "medium",
            }).ToList(),
        });
    }

    /// <summary>One (model, feature) segment and its cheapest acceptable replacement, if any.</summary>
    private sealed record Segment(
        string Model,
        string Feature,
        long Requests,
        double CostUsd,
        long P99InputTokens,
        double CurrentQuality,
        string? Replacement,
        double? ReplacementCostUsd,
        double? ReplacementQuality,
        long? ReplacementContextWindow,
        double SavingUsd);
}
