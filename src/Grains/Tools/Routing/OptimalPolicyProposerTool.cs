using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// <c>optimal_policy_proposer</c>: searches input-token thresholds (quantile levels per feature) × catalog target
/// models (<see cref="PolicyCandidates"/>, scored from store aggregates), keeps the Pareto frontier of cost, mean
/// latency and quality, replays only the frontier in one stream pass (<see cref="PolicyReplay"/>, for exact p95), and
/// picks the cheapest frontier point that meets the quality floor and the p95 ceiling.
/// </summary>
public sealed class OptimalPolicyProposerTool : IAnalysisTool
{
    private static readonly double[] s_levels = [0.5, 0.75, 0.9, 1.0];

    /// <inheritdoc />
    public string Name => "optimal_policy_proposer";

    /// <inheritdoc />
    public string Category => ToolCategories.Routing;

    /// <inheritdoc />
    public string Description =>
        "Searches routing thresholds × target models for the Pareto frontier of cost, latency and quality (as chart data), and picks the cheapest policy that meets "
        + "a p95 latency ceiling, a quality floor and, if given, a cost reduction target; returns the chosen policy in the shape policy_simulator accepts.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        new ToolParameter("max_p95_latency_ms", ToolParameterType.Number, "The p95 latency the policy must not exceed (successful requests); no ceiling when absent.") { Minimum = 1 },
        new ToolParameter("min_quality", ToolParameterType.Number, "The least traffic-weighted catalog quality score; by default the current score minus quality_tolerance.") { Minimum = 0, Maximum = 100 },
        ToolParameters.Number("quality_tolerance", "Quality score points the policy may lose against the current traffic-weighted score, when min_quality is absent.", 1, 0, 100),
        new ToolParameter("cost_reduction_target_percent", ToolParameterType.Number, "The cost reduction sought, in percent; reported as met or not.") { Minimum = 0, Maximum = 100 },
        new ToolParameter("failure_rate", ToolParameterType.Number, "The share of routed requests assumed to fail and escalate; by default the observed share of non-ok requests.") { Minimum = 0, Maximum = 1 },
        ToolParameters.Integer("max_features", "The most features (by cost) that get rules.", 10, 1, 50),
        ReplaySample.Parameter);

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var a = context.Arguments;
        // One scan of the events (the bins, which give every feature's input-token quantiles and its requests under any
        // threshold); the rest is answered by the hourly rollup where the filter allows.
        var modelTask = RoutingModel.BuildAsync(context, a.Number("failure_rate"), cancellationToken);
        var allTask = SegmentEstimate.RowsAsync(context, context.Filter, cancellationToken);
        var featureTask = context.QueryAsync([WorkloadDimension.Feature], [Measure.Sum(WorkloadField.CostUsd)], cancellationToken);
        var binsTask = SegmentBins.LoadAsync(context, context.Filter, cancellationToken);
        await Task.WhenAll(modelTask, allTask, featureTask, binsTask);
        var model = await modelTask;
        if (model.Requests == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var all = await allTask;
        var (qualitySum, qualityRequests) = SegmentEstimate.Quality(all, model);
        var baseline = new PolicyCandidates.Baseline(all.Sum(r => r.CostUsd), all.Sum(r => r.OkLatencyCount), all.Sum(r => r.OkLatencySumMs), qualitySum, qualityRequests);
        var featureRows = (await featureTask).Rows
            .Where(r => r.Keys[0] is not null)
            .OrderByDescending(r => r.ValueOrZero(0)).ThenBy(r => r.Keys[0], StringComparer.Ordinal)
            .Take((int)a.Integer("max_features")!.Value).ToList();

        // Thresholds are bin edges, so every (feature, level)'s rows are sums of whole bins.
        var bins = await binsTask;
        var features = featureRows
            .Select(row => (Feature: row.Keys[0]!, Thresholds: s_levels.Select(l => bins.Threshold(row.Keys[0]!, null, l)).ToList()))
            .Where(f => f.Thresholds.All(t => t is not null)) // none: events written between the reads
            .Select(f => new PolicyCandidates.FeatureLevels(
                f.Feature, [.. f.Thresholds.Select(t => t!.Value)], [.. f.Thresholds.Select(t => bins.Below(f.Feature, null, t!.Value))])).ToList();

        var candidates = PolicyCandidates.Build(context.Catalog, model, baseline, s_levels, features);
        var frontier = PolicyCandidates.Frontier(candidates);
        var replays = frontier.Select(c => new PolicyReplay(c.Policy, model)).ToList();
        var sample = await ReplaySample.PlanAsync(context, context.Filter, cancellationToken);
        await foreach (var e in sample.ReadAsync(context, prompts: false, cancellationToken))
        {
            foreach (var replay in replays)
            {
                replay.Add(e);
            }
        }

        var outcomes = replays.Select(r => r.Outcome()).ToList();
        var baseOutcome = outcomes[0]; // every replay carries the baseline figures
        var floor = a.Number("min_quality") ?? (baseOutcome.BaselineQuality is { } q ? q - a.Number("quality_tolerance")!.Value : (double?)null);
        var ceiling = a.Number("max_p95_latency_ms");
        var target = a.Number("cost_reduction_target_percent");
        bool Feasible(PolicyOutcome o) => (floor is null || o.Quality is null || o.Quality >= floor - 1e-9) && (ceiling is null || o.P95LatencyMs is null || o.P95LatencyMs <= ceiling);
        var points = frontier.Zip(outcomes, (c, o) => new FrontierPoint(
            o.Policy, c.Level, c.Target, o.CostUsd, o.CostReductionPercent, o.MeanLatencyMs, o.P95LatencyMs, o.Quality, o.RoutedShare, Feasible(o))).ToList();
        var chosenIndex = points.Select((p, i) => (p, i)).Where(x => x.p.Feasible)
            .OrderBy(x => x.p.CostUsd).ThenByDescending(x => x.p.Quality ?? 0).ThenBy(x => x.p.P95LatencyMs ?? 0).ThenBy(x => x.p.Policy, StringComparer.Ordinal)
            .Select(x => (int?)x.i).FirstOrDefault();
        var chosen = chosenIndex is { } ci ? outcomes[ci] : null;
        var chosenPolicy = chosenIndex is { } pi ? frontier[pi].Policy : null;
        var metTarget = chosen is not null && target is { } t ? chosen.CostReductionPercent >= t : (bool?)null;
        var constraints = $"quality ≥ {(floor is { } fl ? ToolText.Number(fl, 2) : "any")}" + (ceiling is { } c2 ? $" and p95 ≤ {ToolText.Ms(c2)}" : "");
        var summary = $"Of {candidates.Count} candidate policies {context.Scope} ({s_levels.Length} thresholds × catalog targets, plus the current routing), {frontier.Count} are on the Pareto frontier of cost, latency and quality. "
            + (chosen is null || chosen.RoutedRequests == 0
                ? $"No routing change meets {constraints} for less than the current {ToolText.Usd(baseOutcome.BaselineCostUsd)}, so the current routing stays."
                : $"The cheapest that meets {constraints} is '{chosen.Policy}': cost {ToolText.Usd(chosen.BaselineCostUsd)} → {ToolText.Usd(chosen.CostUsd)} ({ToolText.Number(chosen.CostReductionPercent, 1)}% less), "
                    + (chosen.P95LatencyMs is { } p95 ? $"p95 {ToolText.Ms(chosen.BaselineP95LatencyMs!.Value)} → {ToolText.Ms(p95)}, " : "")
                    + (chosen.Quality is { } cq ? $"quality {ToolText.Number(chosen.BaselineQuality!.Value, 2)} → {ToolText.Number(cq, 2)}" : "quality not scored")
                    + (metTarget is { } met ? $"; the {ToolText.Number(target!.Value, 1)}% cost target is {(met ? "met" : "not met")}." : "."))
            + sample.Sentence;
        return new ToolOutput(summary, new
        {
            definition = "Candidates: for each quantile level of input tokens (per feature, threshold = the first edge of 8 per power of two above the quantile, as policy_proposer's) and each catalog target, every (feature, model) segment under "
                + "the threshold moves to the target when that is cheaper for it. Cost, mean latency and quality are scored from store aggregates (policy_simulator's model), "
                + "the Pareto frontier (no candidate cheaper, faster and better at once) is replayed to get exact p95, and the cheapest feasible point is chosen.",
            candidates_evaluated = candidates.Count,
            constraints = new { min_quality = floor is { } f ? ToolText.Round(f, 4) : (double?)null, max_p95_latency_ms = ceiling, cost_reduction_target_percent = target },
            failure_rate = ToolText.Round(model.FailureRate),
            series = points,
            sampling = sample.View(),
            chosen = chosen is null ? null : new { outcome = chosen, policy = chosenPolicy, cost_target_met = metTarget },
            opportunities = chosen is { CostChangeUsd: < 0, RoutedRequests: > 0 }
                ? new[]
                {
                    new
                    {
                        title = $"Adopt the routing policy '{chosen.Policy}'",
                        detail = $"The cheapest point of the cost-latency-quality frontier that keeps {constraints}: it routes {ToolText.Percent(chosen.RoutedShare)} of requests "
                            + $"and saves {ToolText.Usd(-chosen.CostChangeUsd)} after escalation.",
                        saving_usd = ToolText.Round(-chosen.CostChangeUsd * sample.Scale),
                        latency_gain_ms = chosen.BaselineMeanLatencyMs - chosen.MeanLatencyMs is { } gain and > 0 ? ToolText.Round(gain, 1) : (double?)null,
                        effort = "medium",
                    },
                }
                : [],
        });
    }

    /// <summary>One frontier point, as chart data.</summary>
    private sealed record FrontierPoint(
        string Policy, double? Level, string? TargetModel, double CostUsd, double CostReductionPercent, double? MeanLatencyMs, double? P95LatencyMs, double? Quality, double RoutedShare, bool Feasible);
}
