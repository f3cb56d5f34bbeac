using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Caching;

/// <summary>
/// <c>kv_cache_finder</c>: prefix reuse from <c>prefix_hashes</c> with an unbounded cache, overall and per feature.
/// Requests are replayed in timestamp order; a request's hit is its longest run of leading blocks that were all seen
/// before (by any earlier request); then all its blocks are seen. Three ratios, as ../shared/data/traces/README.md
/// defines them: the mean of per-request hit fractions (hit tokens ÷ input tokens), token-weighted (hit tokens ÷ input
/// tokens, each request's hit tokens = min(hit blocks × block size, input tokens)) and block-weighted (hit blocks ÷
/// blocks). Memory grows with the distinct blocks, not with the requests.
/// </summary>
public sealed class KvCacheFinderTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "kv_cache_finder";

    /// <inheritdoc />
    public string Category => ToolCategories.Caching;

    /// <inheritdoc />
    public string Description =>
        "Prefix (KV) cache reuse from prefix_hashes with an unbounded cache: the share of input tokens whose prefix was seen before, overall and per feature, "
        + "as token-weighted, block-weighted and mean per-request ratios, and the input spend it could save at cached-input prices.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Integer("block_tokens", "Tokens per prefix block.", 512, 1, 1_048_576),
        ReplaySample.Parameter);

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var blockTokens = context.Arguments.Integer("block_tokens")!.Value;
        var withPrefixes = context.Filter.And(WorkloadField.PrefixBlocks, Comparison.Greater, 0);
        var cache = new UnboundedPrefixCache();
        var overall = new Reuse("all");
        var byFeature = new Dictionary<string, Reuse>(StringComparer.Ordinal);
        var hitTokensByModel = new Dictionary<string, long>(StringComparer.Ordinal);
        var sample = await ReplaySample.PlanAsync(context, withPrefixes, cancellationToken, CachePolicyOptimizerTool.CacheWindows);
        await foreach (var e in sample.ReadAsync(context, cancellationToken))
        {
            var blocks = e.PrefixHashes!;
            var hits = cache.Replay(blocks);
            var hitTokens = UnboundedPrefixCache.HitTokens(hits, blockTokens, e.InputTokens);
            var feature = ToolQueries.Label(e.Feature);
            if (!byFeature.TryGetValue(feature, out var reuse))
            {
                byFeature[feature] = reuse = new Reuse(feature);
            }

            overall.Add(e.InputTokens, hitTokens, blocks.Count, hits);
            reuse.Add(e.InputTokens, hitTokens, blocks.Count, hits);
            hitTokensByModel[e.Model] = hitTokensByModel.GetValueOrDefault(e.Model) + hitTokens;
        }

        var totals = (await context.QueryAsync([], [Measure.Count(), Measure.Sum(WorkloadField.CacheReadInputTokens), Measure.Sum(WorkloadField.InputTokens)], cancellationToken)).Single;
        if (overall.Requests == 0)
        {
            return ToolOutput.Insufficient(
                totals.ValueOrZero(0) == 0
                    ? $"There are no requests {context.Scope}, so there is no prefix reuse to measure."
                    : $"None of the {ToolText.Count(totals.ValueOrZero(0))} requests {context.Scope} carries prefix_hashes, so prefix reuse cannot be measured.",
                new { requests = (long)totals.ValueOrZero(0), requests_with_prefix_hashes = 0 });
        }

        var saving = hitTokensByModel.Sum(m => context.Catalog.Find(m.Key) is { } row ? (double)((row.InputPerMTok - row.CachedInputPerMTok) * m.Value / 1_000_000m) : 0);
        var features = byFeature.Values.OrderByDescending(f => f.HitTokens).ThenBy(f => f.Name, StringComparer.Ordinal).Select(f => f.View()).ToList();
        var summary = $"With an unbounded prefix cache, {ToolText.Percent(overall.TokenWeighted)} of the input tokens {context.Scope} would be served from cache "
            + $"(token-weighted: hit tokens over input tokens, counting a block as a hit when it and every block before it were seen before, in timestamp order); "
            + $"block-weighted it is {ToolText.Percent(overall.BlockWeighted)}, and the mean per-request hit fraction {ToolText.Percent(overall.MeanFraction)}, "
            + $"over {ToolText.Count(overall.Requests)} requests with prefix hashes. The most reuse is in {features[0].Name} ({ToolText.Percent(features[0].TokenWeighted)} of its input tokens). "
            + $"At catalog cached-input prices that reuse is worth {ToolText.Usd(saving)} of input spend; the provider's cache actually served {ToolText.Count(totals.ValueOrZero(1))} input tokens, "
            + $"against {ToolText.Count(overall.HitTokens)} reusable." + sample.Sentence + sample.ColdStartCaveat;
        return new ToolOutput(summary, new
        {
            definition = "Unbounded cache, replay in timestamp order (ties in arrival order); a request's hit = its longest run of leading prefix blocks all seen before; "
                + "hit tokens = min(hit blocks × block_tokens, input_tokens). token_weighted = Σ hit tokens / Σ input tokens; block_weighted = Σ hit blocks / Σ blocks; "
                + "mean_request_fraction = mean over requests of hit tokens / input tokens.",
            block_tokens = blockTokens,
            requests = (long)totals.ValueOrZero(0),
            requests_with_prefix_hashes = overall.Requests,
            distinct_blocks = cache.DistinctBlocks,
            overall = overall.View(),
            by_feature = features,
            observed_cache_read_tokens = (long)totals.ValueOrZero(1),
            potential_saving_usd = ToolText.Round(saving),
            sampling = sample.View(),
        });
    }

    /// <summary>Reuse counters of one group.</summary>
    private sealed class Reuse(string name)
    {
        private long _inputTokens;
        private long _blocks;
        private long _hitBlocks;
        private double _fractionSum;

        public string Name => name;

        public long Requests { get; private set; }

        public long HitTokens { get; private set; }

        public double TokenWeighted => ToolText.Share(HitTokens, _inputTokens);

        public double BlockWeighted => ToolText.Share(_hitBlocks, _blocks);

        public double MeanFraction => ToolText.Share(_fractionSum, Requests);

        public void Add(long inputTokens, long hitTokens, long blocks, long hitBlocks)
        {
            Requests++;
            HitTokens += hitTokens;
            _inputTokens += inputTokens;
            _blocks += blocks;
            _hitBlocks += hitBlocks;
            _fractionSum += inputTokens == 0 ? 0 : (double)hitTokens / inputTokens;
        }

        public ReuseView View() => new(
            name, Requests, _inputTokens, HitTokens, _blocks, _hitBlocks,
            ToolText.Round(TokenWeighted), ToolText.Round(BlockWeighted), ToolText.Round(MeanFraction));
    }

    /// <summary>Reuse of one group, as the result shows it.</summary>
    private sealed record ReuseView(
        string Name, long Requests, long InputTokens, long HitTokens, long Blocks, long HitBlocks, double TokenWeighted, double BlockWeighted, double MeanRequestFraction);
}
