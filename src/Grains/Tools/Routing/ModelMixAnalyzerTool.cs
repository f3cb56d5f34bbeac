using Netra.Grains.Catalog;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// <c>model_mix_analyzer</c>: traffic and cost by model, and premium models used on short, simple requests, with what
/// those requests would cost on a cheaper model of the same provider at catalog prices.
/// </summary>
public sealed class ModelMixAnalyzerTool : IAnalysisTool
{
    private static readonly Measure[] s_measures =
    [
        Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.Sum(WorkloadField.InputTokens),
        Measure.Sum(WorkloadField.CacheReadInputTokens), Measure.Sum(WorkloadField.OutputTokens),
    ];

    /// <inheritdoc />
    public string Name => "model_mix_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Routing;

    /// <inheritdoc />
    public string Description =>
        "Traffic and cost by model, and premium models (catalog input price at or above a threshold) used on short, simple requests, "
        + "with the saving if those requests went to the cheapest catalog model of the same provider (or a named alternative).";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Number("premium_input_price", "A model is premium when its catalog input price per 1M tokens is at least this.", 2.0, 0, 1000),
        ToolParameters.Integer("short_input_tokens", "A short request has fewer input tokens than this.", 500, 1, 10_000_000),
        ToolParameters.Integer("short_output_tokens", "A short request has fewer output tokens than this.", 200, 1, 10_000_000),
        new ToolParameter("alternative_model", ToolParameterType.String, "The catalog model to price the short premium requests on; by default the cheapest model of the same provider."));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var premiumPrice = (decimal)context.Arguments.Number("premium_input_price")!.Value;
        var shortInput = context.Arguments.Integer("short_input_tokens")!.Value;
        var shortOutput = context.Arguments.Integer("short_output_tokens")!.Value;
        var alternative = context.Arguments.String("alternative_model") is { } name
            ? context.Catalog.Find(name) ?? throw new ArgumentException($"The alternative_model '{name}' is not in the catalog.")
            : null;

        var rows = (await context.QueryAsync([WorkloadDimension.Model], s_measures, cancellationToken)).Rows;
        var requests = rows.Sum(r => r.ValueOrZero(0));
        if (requests == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var cost = rows.Sum(r => r.ValueOrZero(1));
        var models = rows.Select(r =>
        {
            var row = context.Catalog.Find(r.Keys[0]);
            return new
            {
                model = ToolQueries.Label(r.Keys[0]),
                provider = row?.Provider,
                in_catalog = row is not null,
                premium = row is not null && row.InputPerMTok >= premiumPrice,
                requests = (long)r.ValueOrZero(0),
                request_share = ToolText.Round(r.ValueOrZero(0) / requests),
                cost_usd = ToolText.Round(r.ValueOrZero(1)),
                cost_share = ToolText.Round(ToolText.Share(r.ValueOrZero(1), cost)),
                avg_input_tokens = ToolText.Round(r.ValueOrZero(2) / r.ValueOrZero(0), 1),
                avg_output_tokens = ToolText.Round(r.ValueOrZero(4) / r.ValueOrZero(0), 1),
            };
        }).OrderByDescending(m => m.requests).ThenBy(m => m.model, StringComparer.Ordinal).ToList();

        var premium = models.Where(m => m.premium).Select(m => m.model).ToList();
        var shortFilter = (context.Filter with { Models = premium })
            .And(WorkloadField.InputTokens, Comparison.Less, shortInput)
            .And(WorkloadField.OutputTokens, Comparison.Less, shortOutput);
        var shortRows = premium.Count == 0 ? [] : (await context.QueryAsync(
            new WorkloadQuery(shortFilter, [WorkloadDimension.Model, WorkloadDimension.Feature], s_measures), cancellationToken)).Rows;
        var shortPremium = shortRows.Select(r =>
        {
            var current = context.Catalog.Find(r.Keys[0])!;
            var target = alternative ?? Cheapest(context.Catalog, current.Provider);
            var alternativeCost = (double)target.Cost((long)r.ValueOrZero(2), (long)r.ValueOrZero(3), (long)r.ValueOrZero(4));
            return new
            {
                model = r.Keys[0]!,
                feature = ToolQueries.Label(r.Keys[1]),
                requests = (long)r.ValueOrZero(0),
                cost_usd = ToolText.Round(r.ValueOrZero(1)),
                alternative_model = target.Id,
                alternative_cost_usd = ToolText.Round(alternativeCost),
                saving_usd = ToolText.Round(r.ValueOrZero(1) - alternativeCost),
                quality_drop = ToolText.Round(current.QualityScore - target.QualityScore, 2),
            };
        }).OrderByDescending(s => s.saving_usd).ThenBy(s => s.model, StringComparer.Ordinal).ThenBy(s => s.feature, StringComparer.Ordinal).ToList();

        var shortCount = shortPremium.Sum(s => s.requests);
        var saving = shortPremium.Sum(s => s.saving_usd);
        var top = models[0];
        var summary = $"{models.Count} models served {ToolText.Count(requests)} requests {context.Scope}; {top.model} carries the most traffic "
            + $"({ToolText.Percent(top.request_share)} of requests, {ToolText.Percent(top.cost_share)} of the {ToolText.Usd(cost)} spend). "
            + (premium.Count == 0
                ? $"No model in use is premium (catalog input price at least {ToolText.Usd((double)premiumPrice)} per 1M tokens)."
                : $"Premium models ({string.Join(", ", premium)}) served {ToolText.Count(shortCount)} short requests (under {shortInput} input and {shortOutput} output tokens) "
                    + $"costing {ToolText.Usd(shortPremium.Sum(s => s.cost_usd))}"
                    + (shortCount == 0 ? "." : $"; on {string.Join(", ", shortPremium.Select(s => s.alternative_model).Distinct())} at catalog prices they would cost "
                        + $"{ToolText.Usd(shortPremium.Sum(s => s.alternative_cost_usd))}, saving {ToolText.Usd(saving)}, the most for {shortPremium[0].model} on {shortPremium[0].feature}."));
        return new ToolOutput(summary, new
        {
            requests = (long)requests,
            cost_usd = ToolText.Round(cost),
            premium_input_price = (double)premiumPrice,
            short_input_tokens = shortInput,
            short_output_tokens = shortOutput,
            models,
            short_premium = shortPremium,
            short_premium_requests = shortCount,
            short_premium_saving_usd = ToolText.Round(saving),
            opportunities = shortPremium.Where(s => s.saving_usd > 0).Take(5).Select(s => new
            {
                title = $"Route short {s.feature} requests from {s.model} to {s.alternative_model}",
                detail = $"{ToolText.Count(s.requests)} requests under {shortInput} input and {shortOutput} output tokens cost "
                    + $"{ToolText.Usd(s.cost_usd)} on {s.model} and would cost {ToolText.Usd(s.alternative_cost_usd)} on {s.alternative_model} "
                    + $"(catalog quality score {ToolText.Round(s.quality_drop, 2)} lower); escalate to {s.model} on failure.",
                saving_usd = s.saving_usd,
                effort = "low",
            }).ToList(),
        });
    }

    private static CatalogModel Cheapest(ModelCatalog catalog, string provider) =>
        catalog.Models.Where(m => m.Provider == provider).OrderBy(m => m.InputPerMTok + m.OutputPerMTok).ThenBy(m => m.Id, StringComparer.Ordinal).First();
}
