using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Caching;

/// <summary>
/// <c>cache_policy_optimizer</c>: an exact-match response cache keyed by (model, <c>prompt_hash</c>), simulated over the
/// requests in time order for every capacity × TTL of a grid (<see cref="ResponseCacheSimulation"/> defines hits), with
/// hit rate and saving; the best policy saves the most, ties going to the smaller cache and shorter TTL. One streaming
/// pass runs all policies, each bounded by its capacity.
/// </summary>
public sealed class CachePolicyOptimizerTool : IAnalysisTool
{
    private static readonly int?[] s_capacities = [100, 1_000, 10_000, null];
    private static readonly TimeSpan?[] s_ttls = [TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), TimeSpan.FromDays(1), null];

    /// <inheritdoc />
    public string Name => "cache_policy_optimizer";

    /// <inheritdoc />
    public string Category => ToolCategories.Caching;

    /// <inheritdoc />
    public string Description =>
        "Simulates an exact-match response cache keyed by model and prompt_hash over the requests for capacities of 100, 1,000, 10,000 and unbounded entries "
        + "and TTLs of 5 minutes, 1 hour, 1 day and none, with hit rate, cost and latency saved, and picks the best policy.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(ReplaySample.Parameter);

    /// <summary>Windows of a sampled replay: few and long, since each starts with an empty cache.</summary>
    internal const int CacheWindows = 7;

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var policies = s_capacities.SelectMany(c => s_ttls.Select(t => new ResponseCacheSimulation(c, t))).ToList();
        var totalCost = 0.0;
        long requests = 0;
        var sample = await ReplaySample.PlanAsync(context, context.Filter, cancellationToken, CacheWindows);
        await foreach (var e in sample.ReadAsync(context, cancellationToken))
        {
            if (e.PromptHash is not { } hash)
            {
                continue;
            }

            requests++;
            var cost = (double)(e.CostUsd ?? 0);
            totalCost += cost;
            var key = e.Model + "\n" + hash;
            var atMs = e.Timestamp.ToUnixTimeMilliseconds();
            foreach (var policy in policies)
            {
                policy.Replay(key, atMs, e.Status == "ok", cost, e.LatencyMs ?? 0);
            }
        }

        if (requests == 0)
        {
            var all = (long)(await context.QueryAsync([], [Measure.Count()], cancellationToken)).Single.ValueOrZero(0);
            return ToolOutput.Insufficient(
                all == 0 ? $"There are no requests {context.Scope} to replay." : $"None of the {ToolText.Count(all)} requests {context.Scope} carries a prompt_hash, so exact repeats cannot be found.",
                new { requests = all, requests_with_prompt_hash = 0 });
        }

        var results = policies.Select(p => new PolicyResult(
            p.Capacity, p.Ttl is { } t ? (long)t.TotalSeconds : null, p.Hits, ToolText.Round(ToolText.Share(p.Hits, requests)),
            ToolText.Round(p.SavedCostUsd), ToolText.Round(ToolText.Share(p.SavedCostUsd, totalCost)), ToolText.Round(p.SavedLatencyMs, 1))).ToList();
        var best = results
            .OrderByDescending(r => r.SavedCostUsd).ThenByDescending(r => r.Hits)
            .ThenBy(r => r.CapacityEntries ?? long.MaxValue).ThenBy(r => r.TtlSeconds ?? long.MaxValue)
            .First();
        var summary = best.Hits == 0
            ? $"No request {context.Scope} repeats an earlier prompt on the same model, so a response cache would not have answered any of the {ToolText.Count(requests)} requests."
            : $"An exact-match response cache keyed by model and prompt_hash would have answered {ToolText.Percent(best.HitRate)} of {ToolText.Count(requests)} requests {context.Scope} "
                + $"with the best policy ({Capacity(best.CapacityEntries)}, {Ttl(best.TtlSeconds)}), saving {ToolText.Usd(best.SavedCostUsd)} ({ToolText.Percent(best.SavedCostShare)} of their spend) "
                + $"and {ToolText.Number(best.SavedLatencyMs / 3_600_000, 2)} hours of waiting. The smallest cache with a 5-minute TTL saves {ToolText.Usd(results[0].SavedCostUsd)}."
                + sample.Sentence + sample.ColdStartCaveat;
        return new ToolOutput(summary, new
        {
            definition = "Key = model + prompt_hash; replay in timestamp order; LRU eviction at capacity; TTL from when the response was stored; a hit saves that request's cost and latency; only successful responses are stored.",
            requests_with_prompt_hash = requests,
            cost_usd = ToolText.Round(totalCost),
            policies = results,
            best,
            sampling = sample.View(),
            opportunities = best is { SavedCostUsd: > 0 } chosen
                ? new[]
                {
                    new
                    {
                        title = $"Add an exact-match response cache ({Capacity(chosen.CapacityEntries)}, {Ttl(chosen.TtlSeconds)})",
                        detail = $"Replaying the requests with a prompt hash, this policy answers {ToolText.Percent(chosen.HitRate)} of them from the cache, "
                            + $"saving {ToolText.Usd(chosen.SavedCostUsd)} and {ToolText.Count((long)chosen.SavedLatencyMs)} ms of model time.",
                        saving_usd = ToolText.Round(chosen.SavedCostUsd * sample.Scale),
                        effort = "medium",
                    },
                }
                : [],
        });
    }

    private static string Capacity(long? entries) => entries is { } n ? $"{ToolText.Count(n)} entries" : "unbounded";

    private static string Ttl(long? seconds) => seconds is { } s ? $"TTL {TimeSpan.FromSeconds(s)}" : "no TTL";

    /// <summary>What one policy achieved.</summary>
    private sealed record PolicyResult(long? CapacityEntries, long? TtlSeconds, long Hits, double HitRate, double SavedCostUsd, double SavedCostShare, double SavedLatencyMs);
}
