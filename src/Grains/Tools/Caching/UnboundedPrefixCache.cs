namespace Netra.Grains.Tools.Caching;

/// <summary>
/// The prefix (KV) cache of <c>kv_cache_finder</c>'s definition: unbounded, replayed in timestamp order. A request's
/// hit is its longest run of leading blocks that were all seen before (by any earlier request); then all its blocks
/// are seen. Memory grows with the distinct blocks, not with the requests. <c>kv_cache_optimization_audit</c> uses the
/// same class for its achievable figure, so the two tools cannot disagree.
/// </summary>
internal sealed class UnboundedPrefixCache
{
    private readonly HashSet<long> _seen = [];

    /// <summary>The distinct blocks seen so far.</summary>
    public int DistinctBlocks => _seen.Count;

    /// <summary>Looks <paramref name="blocks"/> up and returns the leading blocks that hit; then remembers them all.</summary>
    public int Replay(IReadOnlyList<long> blocks)
    {
        var hits = 0;
        while (hits < blocks.Count && _seen.Contains(blocks[hits]))
        {
            hits++;
        }

        foreach (var block in blocks)
        {
            _seen.Add(block);
        }

        return hits;
    }

    /// <summary>The input tokens <paramref name="hitBlocks"/> leading blocks serve: min(hit blocks × block size, input tokens).</summary>
    public static long HitTokens(long hitBlocks, long blockTokens, long inputTokens) => Math.Min(hitBlocks * blockTokens, inputTokens);
}
