using Netra.Grains.Catalog;
using Netra.Grains.Tools.Framework;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// The candidates of <c>optimal_policy_proposer</c> and their Pareto frontier. A candidate is (input-token quantile
/// level, target model): for every feature, each model's requests under that feature's quantile go to the target
/// when that is cheaper for them and the target's context window holds the threshold. Candidates are scored from
/// store aggregates with <see cref="SegmentEstimate"/>: cost, mean latency and quality are linear in the aggregates.
/// </summary>
internal static class PolicyCandidates
{
    /// <summary>Scores every (level, target) candidate from the per-(feature, level) rows.</summary>
    public static List<Candidate> Build(
        ModelCatalog catalog, RoutingModel model, Baseline baseline, IReadOnlyList<double> levels, IReadOnlyList<FeatureLevels> features)
    {
        var candidates = new List<Candidate> { new(RoutingPolicy.Baseline, null, null, baseline.CostUsd, baseline.MeanLatencyMs, baseline.Quality, 0) };
        foreach (var (level, i) in levels.Select((l, i) => (l, i)))
        {
            foreach (var target in catalog.Models.OrderBy(m => m.Id, StringComparer.Ordinal))
            {
                var rules = new List<RoutingRule>();
                double cost = 0, latency = 0, quality = 0;
                long moved = 0;
                foreach (var feature in features)
                {
                    var threshold = feature.Thresholds[i];
                    foreach (var row in feature.Rows[i].Where(r => catalog.Find(r.Model) is not null && target.ContextWindow >= threshold))
                    {
                        var m = SegmentEstimate.Move(row, target, model, escalate: true);
                        if (m.Requests == 0 || m.RoutedCostUsd >= m.CostUsd)
                        {
                            continue;
                        }

                        rules.Add(new RoutingRule(feature.Feature, row.Model, threshold, target.Id));
                        (cost, latency, quality, moved) = (cost + m.RoutedCostUsd - m.CostUsd, latency + m.LatencySumDeltaMs, quality + m.QualitySumDelta, moved + m.Requests);
                    }
                }

                // A higher level with the same thresholds gives the same rules: keep the first (lowest) level only.
                if (rules.Count > 0 && !candidates.Any(c => c.Policy.Rules.SequenceEqual(rules)))
                {
                    candidates.Add(new Candidate(
                        new RoutingPolicy($"{target.Id} under p{ToolText.Number(100 * level, 0)}", rules), level, target.Id,
                        ToolText.Round(baseline.CostUsd + cost),
                        baseline.LatencyCount == 0 ? null : ToolText.Round((baseline.LatencySumMs + latency) / baseline.LatencyCount, 4),
                        baseline.QualityRequests == 0 ? null : ToolText.Round((baseline.QualitySum + quality) / baseline.QualityRequests, 4),
                        moved));
                }
            }
        }

        return candidates;
    }

    /// <summary>The candidates no other beats on cost, mean latency and quality at once, cheapest first.</summary>
    public static List<Candidate> Frontier(List<Candidate> candidates) =>
    [
        .. candidates
            .Where(c => !candidates.Any(o => !ReferenceEquals(o, c) && Dominates(o, c)))
            .OrderBy(c => c.CostUsd).ThenByDescending(c => c.Quality ?? 0).ThenBy(c => c.Policy.Name, StringComparer.Ordinal),
    ];

    private static bool Dominates(Candidate a, Candidate b)
    {
        var (la, lb, qa, qb) = (a.MeanLatencyMs ?? 0, b.MeanLatencyMs ?? 0, a.Quality ?? 0, b.Quality ?? 0);
        return a.CostUsd <= b.CostUsd && la <= lb && qa >= qb && (a.CostUsd < b.CostUsd || la < lb || qa > qb);
    }

    /// <summary>The workload as it is, from the store.</summary>
    internal sealed record Baseline(double CostUsd, long LatencyCount, double LatencySumMs, double QualitySum, long QualityRequests)
    {
        public double? MeanLatencyMs => LatencyCount == 0 ? null : ToolText.Round(LatencySumMs / LatencyCount, 4);

        public double? Quality => QualityRequests == 0 ? null : ToolText.Round(QualitySum / QualityRequests, 4);
    }

    /// <summary>One feature's thresholds and rows under them, per level.</summary>
    internal sealed record FeatureLevels(string Feature, IReadOnlyList<long> Thresholds, IReadOnlyList<List<SegmentRow>> Rows);

    /// <summary>A candidate policy scored from aggregates.</summary>
    internal sealed record Candidate(RoutingPolicy Policy, double? Level, string? Target, double CostUsd, double? MeanLatencyMs, double? Quality, long RoutedRequests);
}
