using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Caching;

/// <summary>
/// <c>kv_cache_optimization_audit</c>: the input tokens the provider's cache actually served (<c>cache_read_input_tokens</c>)
/// against what prefix reuse makes achievable (<see cref="UnboundedPrefixCache"/>, the definition of <c>kv_cache_finder</c>),
/// and the LRU cache capacity in blocks that reaches 50%, 80% and 95% of the achievable hit tokens.
/// <para>
/// Capacities come from one pass of LRU stack distances (<see cref="LruStackDistances"/>) rather than a search that
/// re-simulates an LRU cache per capacity: by the inclusion property of LRU, block k of a request hits with capacity C
/// exactly when C exceeds the largest stack distance of blocks 0..k, so each request adds its hit tokens to a
/// histogram keyed by that capacity, and the hit-token curve of every capacity is its running sum. A search would
/// read the stream about 2·log₂(blocks) times; this reads it once. Memory is O(distinct blocks), which the
/// achievable figure (an unbounded cache) needs anyway.
/// </para>
/// </summary>
public sealed class KvCacheOptimizationAuditTool : IAnalysisTool
{
    private static readonly double[] s_targets = [0.5, 0.8, 0.95];

    /// <inheritdoc />
    public string Name => "kv_cache_optimization_audit";

    /// <inheritdoc />
    public string Category => ToolCategories.Caching;

    /// <inheritdoc />
    public string Description =>
        "Audits prompt (KV) caching: cached input tokens actually observed (cache_read_input_tokens) against the prefix reuse achievable with an unbounded cache, "
        + "the LRU cache capacity (in prefix blocks and tokens) needed for 50%, 80% and 95% of the achievable hits with the hit curve as chart data, "
        + "and the input spend left on the table at cached-input prices.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Integer("block_tokens", "Tokens per prefix block.", 512, 1, 1_048_576),
        ToolParameters.Number("gap_threshold", "Flag an opportunity when observed cached tokens are below this share of the achievable ones.", 0.5, 0, 1),
        ReplaySample.Parameter);

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var blockTokens = context.Arguments.Integer("block_tokens")!.Value;
        var withPrefixes = context.Filter.And(WorkloadField.PrefixBlocks, Comparison.Greater, 0);
        var unbounded = new UnboundedPrefixCache();
        var stack = new LruStackDistances();
        var curve = new SortedDictionary<long, long>();
        var achievableByModel = new Dictionary<string, long>(StringComparer.Ordinal);
        long requests = 0, inputTokens = 0, achievable = 0;
        var sample = await ReplaySample.PlanAsync(context, withPrefixes, cancellationToken, CachePolicyOptimizerTool.CacheWindows);
        await foreach (var e in sample.ReadAsync(context, cancellationToken))
        {
            var blocks = e.PrefixHashes!;
            var hitTokens = UnboundedPrefixCache.HitTokens(unbounded.Replay(blocks), blockTokens, e.InputTokens);
            requests++;
            inputTokens += e.InputTokens;
            achievable += hitTokens;
            achievableByModel[e.Model] = achievableByModel.GetValueOrDefault(e.Model) + hitTokens;

            // Block k hits with capacity C when every block up to k has a stack distance below C.
            var running = -1L;
            var inRun = true;
            for (var k = 0; k < blocks.Count; k++)
            {
                var distance = stack.Access(blocks[k]);
                inRun = inRun && distance >= 0;
                if (!inRun)
                {
                    continue;
                }

                running = Math.Max(running, distance);
                var gained = UnboundedPrefixCache.HitTokens(k + 1, blockTokens, e.InputTokens) - UnboundedPrefixCache.HitTokens(k, blockTokens, e.InputTokens);
                if (gained > 0)
                {
                    curve[running + 1] = curve.GetValueOrDefault(running + 1) + gained;
                }
            }
        }

        var observedRows = (await context.QueryAsync(
            new WorkloadQuery(sample.Filter, [WorkloadDimension.Model], [Measure.Sum(WorkloadField.CacheReadInputTokens)]), cancellationToken)).Rows; // the replayed requests
        if (requests == 0)
        {
            var all = await ToolQueries.CountAsync(context, cancellationToken);
            return ToolOutput.Insufficient(
                all == 0
                    ? $"There are no requests {context.Scope}, so there is no prompt caching to audit."
                    : $"None of the {ToolText.Count(all)} requests {context.Scope} carries prefix_hashes, so the achievable prefix reuse cannot be measured.",
                new { requests = all, requests_with_prefix_hashes = 0 });
        }

        var observedByModel = observedRows.ToDictionary(r => ToolQueries.Label(r.Keys[0]), r => (long)r.ValueOrZero(0), StringComparer.Ordinal);
        var observed = observedByModel.Values.Sum();
        var cumulative = Cumulative(curve);
        var targets = s_targets.Select(share =>
        {
            var capacity = achievable == 0 ? 0 : cumulative.First(c => c.HitTokens >= share * achievable).CapacityBlocks;
            return new CapacityTarget(share, ToolText.Round(share * achievable, 1), capacity, capacity * blockTokens);
        }).ToList();
        var series = Series(cumulative, stack.DistinctBlocks, targets).Select(c => new CurvePoint(
            c, c * blockTokens, HitTokensAt(cumulative, c), ToolText.Round(ToolText.Share(HitTokensAt(cumulative, c), achievable)))).ToList();
        var gap = context.Arguments.Number("gap_threshold")!.Value;
        var models = achievableByModel.Keys.Union(observedByModel.Keys).Order(StringComparer.Ordinal).Select(model =>
        {
            var row = context.Catalog.Find(model);
            var missing = Math.Max(0, achievableByModel.GetValueOrDefault(model) - observedByModel.GetValueOrDefault(model));
            var saving = row is null ? 0 : (double)((row.InputPerMTok - row.CachedInputPerMTok) * missing / 1_000_000m);
            return new ModelAudit(model, observedByModel.GetValueOrDefault(model), achievableByModel.GetValueOrDefault(model), missing, ToolText.Round(saving));
        }).OrderByDescending(m => m.MissedSavingUsd).ThenBy(m => m.Model, StringComparer.Ordinal).ToList();
        var missedSaving = ToolText.Round(models.Sum(m => m.MissedSavingUsd));
        var observedShare = ToolText.Share(observed, achievable);
        var flagged = achievable > 0 && observed < gap * achievable;
        var t80 = targets[1];
        var summary = achievable == 0
            ? $"None of the {ToolText.Count(requests)} requests with prefix hashes {context.Scope} repeats a prefix seen before, so no cache capacity would help; "
                + $"the provider's cache served {ToolText.Count(observed)} input tokens."
            : $"The provider's cache served {ToolText.Count(observed)} input tokens {context.Scope}, {ToolText.Percent(observedShare)} of the {ToolText.Count(achievable)} "
                + $"that prefix reuse makes achievable with an unbounded cache ({ToolText.Percent(ToolText.Share(achievable, inputTokens))} of {ToolText.Count(inputTokens)} input tokens "
                + $"over {ToolText.Count(requests)} requests). An LRU cache of {ToolText.Count(targets[0].CapacityBlocks)} blocks reaches 50% of the achievable hits, "
                + $"{ToolText.Count(t80.CapacityBlocks)} blocks ({ToolText.Count(t80.CapacityTokens)} tokens) 80%, and {ToolText.Count(targets[2].CapacityBlocks)} blocks 95%, "
                + $"out of {ToolText.Count(stack.DistinctBlocks)} distinct blocks. "
                + (missedSaving > 0 ? $"The uncached remainder is worth {ToolText.Usd(missedSaving)} at catalog cached-input prices." : "No saving is left at catalog prices.")
                + sample.Sentence + sample.ColdStartCaveat;
        return new ToolOutput(summary, new
        {
            definition = "Achievable = kv_cache_finder's unbounded-cache hit tokens (longest run of leading blocks seen before, in timestamp order; min(hit blocks × block_tokens, input_tokens)). "
                + "Capacity for a share = the least LRU capacity in blocks whose hit tokens reach that share of the achievable, from one pass of LRU stack distances "
                + "(a block hits with capacity C when it and every block before it in the request were accessed fewer than C distinct blocks ago). "
                + "Observed = Σ cache_read_input_tokens of the same requests. Missed saving = Σ per model max(0, achievable − observed) × (input − cached input price).",
            block_tokens = blockTokens,
            requests_with_prefix_hashes = requests,
            input_tokens = inputTokens,
            distinct_blocks = stack.DistinctBlocks,
            observed_cached_tokens = observed,
            achievable_cached_tokens = achievable,
            observed_share_of_achievable = ToolText.Round(observedShare),
            achievable_share_of_input = ToolText.Round(ToolText.Share(achievable, inputTokens)),
            capacity_targets = targets,
            by_model = models,
            missed_saving_usd = missedSaving,
            series,
            sampling = sample.View(),
            opportunities = flagged && missedSaving > 0
                ? new[]
                {
                    new
                    {
                        title = "Make prompt caching reach the reusable prefixes",
                        detail = $"Only {ToolText.Percent(observedShare)} of the {ToolText.Count(achievable)} reusable input tokens were served from the provider's cache. "
                            + $"Put the shared prefix first and keep it byte-identical, enable the provider's prompt caching, and size a self-hosted KV cache at about "
                            + $"{ToolText.Count(t80.CapacityTokens)} tokens ({ToolText.Count(t80.CapacityBlocks)} blocks) for 80% of the achievable hits.",
                        saving_usd = ToolText.Round(missedSaving * sample.Scale),
                        effort = "medium",
                    },
                }
                : [],
        });
    }

    private static List<(long CapacityBlocks, long HitTokens)> Cumulative(SortedDictionary<long, long> curve)
    {
        var running = 0L;
        return [.. curve.Select(c => (c.Key, running += c.Value))];
    }

    private static long HitTokensAt(List<(long CapacityBlocks, long HitTokens)> cumulative, long capacity) =>
        cumulative.LastOrDefault(c => c.CapacityBlocks <= capacity).HitTokens;

    /// <summary>Capacities for the chart: powers of two up to the distinct blocks, and the targets' capacities.</summary>
    private static IEnumerable<long> Series(List<(long CapacityBlocks, long HitTokens)> cumulative, long distinct, List<CapacityTarget> targets)
    {
        var points = new SortedSet<long>(targets.Where(t => t.CapacityBlocks > 0).Select(t => t.CapacityBlocks)) { Math.Max(1, distinct) };
        for (long c = 1; c < distinct; c *= 2)
        {
            points.Add(c);
        }

        return cumulative.Count == 0 ? [] : points;
    }

    /// <summary>The capacity that reaches one share of the achievable hit tokens.</summary>
    private sealed record CapacityTarget(double Share, double HitTokens, long CapacityBlocks, long CapacityTokens);

    /// <summary>One point of the hit curve.</summary>
    private sealed record CurvePoint(long CapacityBlocks, long CapacityTokens, long HitTokens, double ShareOfAchievable);

    /// <summary>Observed against achievable cached tokens of one model.</summary>
    private sealed record ModelAudit(string Model, long ObservedCachedTokens, long AchievableCachedTokens, long MissedTokens, double MissedSavingUsd);
}
