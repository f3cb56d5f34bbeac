using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Cost;

/// <summary>
/// <c>cost_impact_simulator</c>: the workload's cost re-priced under another price table (per model, or a percent
/// change of every price), or with one model's traffic moved to another at the target's catalog prices, token counts
/// kept. Before and after totals and per-model deltas come from token sums aggregated in the store.
/// </summary>
public sealed class CostImpactSimulatorTool : IAnalysisTool
{
    private static readonly Measure[] s_measures =
    [
        Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.Sum(WorkloadField.InputTokens),
        Measure.Sum(WorkloadField.CacheReadInputTokens), Measure.Sum(WorkloadField.OutputTokens),
    ];

    /// <inheritdoc />
    public string Name => "cost_impact_simulator";

    /// <inheritdoc />
    public string Category => ToolCategories.Cost;

    /// <inheritdoc />
    public string Description =>
        "Cost re-priced under another price table (price_table: model → {input_per_mtok, output_per_mtok, cached_input_per_mtok}; or price_change_percent for every model) "
        + "or with one model's traffic substituted by another (from_model, to_model: same tokens at the target's catalog price); before/after totals and per-model deltas.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        new ToolParameter("price_table", ToolParameterType.JsonObject,
            "What-if prices per model in USD per 1M tokens, e.g. {\"gpt-4o\": {\"input_per_mtok\": 2, \"output_per_mtok\": 8}}; cached input defaults to the input price."),
        ToolParameters.Number("price_change_percent", "A change applied to the cost of every model not in price_table, e.g. -20 for 20% cheaper.", 0, -100, 1000),
        new ToolParameter("from_model", ToolParameterType.String, "The model whose traffic is substituted (needs to_model)."),
        new ToolParameter("to_model", ToolParameterType.String, "The catalog model that takes from_model's traffic, priced at its catalog prices."));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        var table = args.Json("price_table") is { } json ? PriceTable.Parse(json) : [];
        var percent = args.Number("price_change_percent")!.Value;
        var from = args.String("from_model");
        var to = args.String("to_model");
        if ((from is null) != (to is null))
        {
            throw new ArgumentException("Give both from_model and to_model to substitute one model for another.");
        }

        var target = to is null ? null : context.Catalog.Find(to) ?? throw new ArgumentException($"The to_model '{to}' is not in the catalog.");
        if (table.Count == 0 && percent == 0 && target is null)
        {
            throw new ArgumentException("Give a scenario: price_table, price_change_percent, or from_model with to_model.");
        }

        var rows = (await context.QueryAsync([WorkloadDimension.Model], s_measures, cancellationToken)).Rows;
        if (rows.Sum(r => r.ValueOrZero(0)) == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var models = rows.Select(r =>
        {
            var model = ToolQueries.Label(r.Keys[0]);
            var before = r.ValueOrZero(1);
            var (input, cached, output) = (r.ValueOrZero(2), r.ValueOrZero(3), r.ValueOrZero(4));
            var substituted = from is not null && (string.Equals(model, from, StringComparison.OrdinalIgnoreCase)
                || (context.Catalog.Find(from) is { } f && context.Catalog.Find(model)?.Id == f.Id));
            var (after, pricedAs) = substituted
                ? (Prices.Of(target!).Cost(input, cached, output), $"{target!.Id} catalog prices")
                : PriceTable.Lookup(table, context.Catalog, r.Keys[0]) is { } prices
                    ? (prices.Cost(input, cached, output), "price_table")
                    : (before * (1 + (percent / 100)), percent == 0 ? "unchanged" : (percent > 0 ? "+" : "") + ToolText.Number(percent, 2) + "%");
            return new ModelDelta(model, (long)r.ValueOrZero(0), ToolText.Round(before), ToolText.Round(after), ToolText.Round(after - before), pricedAs);
        }).OrderBy(m => m.ChangeUsd).ThenBy(m => m.Model, StringComparer.Ordinal).ToList();

        var totalBefore = models.Sum(m => m.BeforeUsd);
        var totalAfter = models.Sum(m => m.AfterUsd);
        var change = totalAfter - totalBefore;
        var moved = models.Where(m => m.PricedAs.EndsWith("catalog prices", StringComparison.Ordinal)).ToList();
        var scenario = target is not null
            ? $"moving {from}'s traffic ({ToolText.Count(moved.Sum(m => m.Requests))} requests) to {target.Id} at its catalog prices"
            : table.Count > 0 ? $"the price table for {string.Join(", ", table.Keys.Order(StringComparer.Ordinal))}" + (percent != 0 ? $" and {ToolText.Number(percent)}% on other models" : "")
            : $"a {ToolText.Number(percent)}% change of every price";
        var biggest = models.OrderByDescending(m => Math.Abs(m.ChangeUsd)).ThenBy(m => m.Model, StringComparer.Ordinal).First();
        var summary = $"Spend {context.Scope} is {ToolText.Usd(totalBefore)}; under {scenario} it would be {ToolText.Usd(totalAfter)}, "
            + (change <= 0 ? $"{ToolText.Usd(-change)} ({ToolText.Percent(ToolText.Share(-change, totalBefore))}) less" : $"{ToolText.Usd(change)} ({ToolText.Percent(ToolText.Share(change, totalBefore))}) more")
            + $". The largest change is on {biggest.Model} ({ToolText.Usd(biggest.BeforeUsd)} to {ToolText.Usd(biggest.AfterUsd)})."
            + (target is not null && moved.Count == 0 ? $" No request {context.Scope} uses {from}." : "");
        var fromRow = from is null ? null : context.Catalog.Find(from);
        var qualityDrop = fromRow is null || target is null ? (double?)null : ToolText.Round(fromRow.QualityScore - target.QualityScore, 2);
        return new ToolOutput(summary, new
        {
            definition = "Token totals per model are re-priced: (input − cached) × input price + cached × cached price + output × output price, per 1M tokens; "
                + "a percent change scales the recorded cost; models in neither keep their cost.",
            scenario = new { price_table = table.Keys.Order(StringComparer.Ordinal).ToList(), price_change_percent = percent, from_model = from, to_model = target?.Id },
            before_usd = ToolText.Round(totalBefore),
            after_usd = ToolText.Round(totalAfter),
            change_usd = ToolText.Round(change),
            change_share = ToolText.Round(ToolText.Share(change, totalBefore)),
            quality_drop = qualityDrop,
            by_model = models,
            opportunities = target is not null && change < 0
                ? new[]
                {
                    new
                    {
                        title = $"Move {from} traffic to {target.Id}",
                        detail = $"The same tokens on {target.Id} at catalog prices cost {ToolText.Usd(moved.Sum(m => m.AfterUsd))} instead of {ToolText.Usd(moved.Sum(m => m.BeforeUsd))}"
                            + (qualityDrop is { } q ? $"; it scores {ToolText.Number(Math.Abs(q), 2)} points {(q >= 0 ? "lower" : "higher")} on {target.QualityBenchmark}, so check quality on a sample first." : "."),
                        saving_usd = ToolText.Round(-change),
                        effort = "medium",
                    },
                }
                : [],
        });
    }

    /// <summary>One model's cost before and after.</summary>
    private sealed record ModelDelta(string Model, long Requests, double BeforeUsd, double AfterUsd, double ChangeUsd, string PricedAs);
}
