using Netra.Grains.Agents.Triage;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Reporting;

/// <summary>
/// <c>evaluation_criteria_definer</c>: turns a request into measurable criteria, a cost target, a p95 latency SLO and a
/// quality floor, each with its current value measured in the store: total cost, nearest-rank p95 latency of successful
/// requests, and the catalog quality score weighted by traffic. Targets come from explicit parameters, else from the
/// question as Triage reads it (<see cref="TriageParser"/>: "cut 30%", "p95 under 2 s", "keep quality").
/// </summary>
public sealed class EvaluationCriteriaDefinerTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "evaluation_criteria_definer";

    /// <inheritdoc />
    public string Category => ToolCategories.Reporting;

    /// <inheritdoc />
    public string Description =>
        "Turns the user's request into measurable criteria: a cost target, a p95 latency SLO and a quality floor, with their current values measured from the data "
        + "(total cost, p95 latency of successful requests, traffic-weighted catalog quality score).";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        new ToolParameter("question", ToolParameterType.String, "The user's request in plain words; targets such as 'cut 30%', 'p95 under 2 s' or 'keep quality' are read from it.") { MaxLength = 2_000 },
        new ToolParameter("cost_reduction_target_percent", ToolParameterType.Number, "The cost cut sought, in percent; overrides the question.") { Minimum = 0, Maximum = 100 },
        new ToolParameter("max_p95_latency_ms", ToolParameterType.Number, "The p95 latency SLO in ms; overrides the question. By default the current p95 is held.") { Minimum = 1 },
        new ToolParameter("min_quality", ToolParameterType.Number, "The quality floor (catalog score); overrides the question.") { Minimum = 0, Maximum = 100 },
        ToolParameters.Number("quality_tolerance", "Points the quality score may drop when the question does not ask to keep quality.", 1, 0, 100));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var a = context.Arguments;
        var totals = (await context.QueryAsync([], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)], cancellationToken)).Single;
        if (totals.ValueOrZero(0) == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var parsed = a.String("question") is { } question ? TriageParser.Parse(question, DateTimeOffset.UnixEpoch).Targets : new TriageTargets(null, null, false);
        var cost = totals.ValueOrZero(1);
        var p95 = (await context.QueryAsync(new WorkloadQuery(context.Filter with { Statuses = ["ok"] }, [], [Measure.Quantile(WorkloadField.LatencyMs, 0.95)]), cancellationToken)).Single.Values[0];
        var models = (await context.QueryAsync([WorkloadDimension.Model], [Measure.Count()], cancellationToken)).Rows
            .Select(r => (Quality: context.Catalog.Find(r.Keys[0])?.QualityScore, Requests: r.ValueOrZero(0))).Where(m => m.Quality is not null).ToList();
        var scored = models.Sum(m => m.Requests);
        double? quality = scored == 0 ? null : ToolText.Round(models.Sum(m => m.Quality!.Value * m.Requests) / scored, 4);

        var (cut, cutSource) = Pick(a.Number("cost_reduction_target_percent"), parsed.CostReductionPercent);
        var (slo, sloSource) = Pick(a.Number("max_p95_latency_ms"), parsed.LatencyP95Ms);
        var tolerance = parsed.KeepQuality ? 0 : a.Number("quality_tolerance")!.Value;
        var floor = a.Number("min_quality") ?? (quality is { } q ? ToolText.Round(q - tolerance, 4) : null);
        var criteria = new[]
        {
            new Criterion("cost", "total cost", "usd", ToolText.Round(cost), cut is { } c ? ToolText.Round(cost * (1 - (c / 100))) : null, "<=",
                cut is null ? "none given: any saving counts" : cutSource, cut),
            new Criterion("latency", "p95 latency of successful requests", "ms", p95, slo ?? p95, "<=", slo is null ? "default: hold the current p95" : sloSource, null),
            new Criterion("quality", "traffic-weighted catalog quality score", "score", quality, floor, ">=",
                a.Has("min_quality") ? "parameter" : parsed.KeepQuality ? "question: keep quality" : $"default: current minus {ToolText.Number(tolerance)} points", null),
        };
        var summary = $"Over {ToolText.Count(totals.ValueOrZero(0))} requests {context.Scope}: cost is {ToolText.Usd(cost)}"
            + (cut is { } pct ? $", and the target is {ToolText.Usd(criteria[0].Target!.Value)} ({ToolText.Number(pct)}% less, from the {cutSource})" : ", with no cost target given")
            + (p95 is { } current ? $"; p95 latency is {ToolText.Ms(current)} against an SLO of {ToolText.Ms(criteria[1].Target!.Value)}" : "; no successful request reports latency, so the latency SLO cannot be measured")
            + (quality is { } now ? $"; the traffic-weighted catalog quality score is {ToolText.Number(now, 2)}, with a floor of {ToolText.Number(floor!.Value, 2)}." : "; no model in use is in the catalog, so quality cannot be scored.");
        return new ToolOutput(summary, new
        {
            definition = "Cost: Σ cost_usd. Latency: nearest-rank p95 of latency_ms over successful requests. Quality: Σ requests × catalog quality score ÷ requests, over models in the catalog. "
                + "Targets: explicit parameters first, then the question as Triage reads it; without a latency target the current p95 is held, and the quality floor is the current "
                + "score (keep quality) or the current score minus quality_tolerance.",
            requests = (long)totals.ValueOrZero(0),
            quality_coverage = ToolText.Round(ToolText.Share(scored, totals.ValueOrZero(0))),
            parsed_targets = parsed,
            criteria,
        });
    }

    private static (double? Value, string Source) Pick(double? parameter, double? question) =>
        parameter is not null ? (parameter, "parameter") : question is not null ? (question, "question") : (null, "none");

    /// <summary>One measurable criterion.</summary>
    private sealed record Criterion(string Name, string Metric, string Unit, double? Current, double? Target, string Comparison, string Source, double? ReductionPercent);
}
