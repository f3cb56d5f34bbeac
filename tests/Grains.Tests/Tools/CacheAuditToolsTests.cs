using Netra.Grains.Tests.Support;

namespace Netra.Grains.Tests.Tools;

public sealed class CacheAuditToolsTests
{
    [Fact]
    public async Task Kv_cache_audit_compares_observed_cached_tokens_with_achievable_and_sizes_an_lru_cache()
    {
        // Block size 4. Block accesses in order: 1 2 3 | 1 2 | 4 | 3 9 | 1 2 3.
        // Stack distances (distinct other blocks since the last access): second 1 and 2 → 2 (needs 3 blocks);
        // the 3 of [3, 9] → 3 (needs 4); last 1 → 4, 2 → 4, 3 → 3, so the run needs 5 blocks.
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(1, input: 12, prefix: [1, 2, 3]),             // new
            Sample.At(2, input: 8, prefix: [1, 2], cacheRead: 4),   // 8 achievable tokens from 3 blocks of cache
            Sample.At(3, input: 4, prefix: [4]),                    // new
            Sample.At(4, input: 8, prefix: [3, 9]),                 // 4 tokens from 4 blocks
            Sample.At(5, input: 20, prefix: [1, 2, 3]),             // min(12, 20) = 12 tokens from 5 blocks
            Sample.At(6, input: 50),                                // no prefix hashes: not audited
        ]);

        var (result, data) = await harness.RunAsync("kv_cache_optimization_audit", new { block_tokens = 4 });

        Assert.False(result.InsufficientData);
        Assert.Equal(5, data.GetProperty("requests_with_prefix_hashes").GetInt64());
        Assert.Equal(52, data.GetProperty("input_tokens").GetInt64());
        Assert.Equal(5, data.GetProperty("distinct_blocks").GetInt64());
        Assert.Equal(24, data.GetProperty("achievable_cached_tokens").GetInt64());
        Assert.Equal(4, data.GetProperty("observed_cached_tokens").GetInt64());
        Assert.Equal(4.0 / 24, data.GetProperty("observed_share_of_achievable").GetDouble(), 8);

        // Hit tokens by capacity: 3 blocks → 8, 4 → 12, 5 → 24. 50% (12) needs 4 blocks; 80% (19.2) and 95% (22.8) need 5.
        var targets = data.GetProperty("capacity_targets").EnumerateArray().Select(t => (t.GetProperty("share").GetDouble(), t.GetProperty("capacity_blocks").GetInt64())).ToList();
        Assert.Equal([(0.5, 4L), (0.8, 5L), (0.95, 5L)], targets);
        Assert.Equal(20, data.GetProperty("capacity_targets")[1].GetProperty("capacity_tokens").GetInt64());
        var series = data.GetProperty("series").EnumerateArray().Select(p => (p.GetProperty("capacity_blocks").GetInt64(), p.GetProperty("hit_tokens").GetInt64())).ToList();
        Assert.Equal([(1L, 0L), (2L, 0L), (4L, 12L), (5L, 24L)], series);

        // gpt-4o-mini: (0.15 − 0.075) $/1M × (24 − 4) missed tokens.
        Assert.Equal(0.075 * 20 / 1_000_000, data.GetProperty("missed_saving_usd").GetDouble(), 12);
        var opportunity = Assert.Single(data.GetProperty("opportunities").EnumerateArray());
        Assert.Equal("medium", opportunity.GetProperty("effort").GetString());
        Assert.Contains("16.7% of the 24", result.Summary);
    }

    [Fact]
    public async Task Kv_cache_audit_agrees_with_kv_cache_finder_on_the_achievable_tokens()
    {
        var harness = await new ToolHarness().SeedAsync(
            Enumerable.Range(0, 60).Select(i => Sample.At(i, input: 40 + i, prefix: [i % 3, (i % 5) + 10, (i % 7) + 20, i + 100])));

        var (_, audit) = await harness.RunAsync("kv_cache_optimization_audit", new { block_tokens = 16 });
        var (_, finder) = await harness.RunAsync("kv_cache_finder", new { block_tokens = 16 });

        Assert.Equal(finder.GetProperty("overall").GetProperty("hit_tokens").GetInt64(), audit.GetProperty("achievable_cached_tokens").GetInt64());
        Assert.Equal(finder.GetProperty("distinct_blocks").GetInt64(), audit.GetProperty("distinct_blocks").GetInt64());
    }

    [Fact]
    public async Task Kv_cache_audit_without_prefix_hashes_is_insufficient_data()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0, cacheRead: 50)]);

        var (result, data) = await harness.RunAsync("kv_cache_optimization_audit");

        Assert.True(result.InsufficientData);
        Assert.Equal(0, data.GetProperty("requests_with_prefix_hashes").GetInt64());
        Assert.Contains("prefix_hashes", result.Summary);
    }

    [Fact]
    public async Task Duplicates_are_found_by_prompt_hash_and_by_shared_leading_prefix_blocks()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(0, promptHash: "p1", cost: 1m), Sample.At(1, promptHash: "p1", cost: 1m), Sample.At(2, promptHash: "p1", cost: 1m),
            Sample.At(3, promptHash: "p2", cost: 1m),
            Sample.At(4, promptHash: "p3", cost: 2m), Sample.At(5, promptHash: "p3", cost: 4m),
            Sample.At(10, promptHash: "q1", cost: 0.5m, prefix: [10, 11, 12, 13]),
            Sample.At(11, promptHash: "q2", cost: 0.25m, prefix: [10, 11, 12, 14]),    // shares 3 of 4 blocks: near repeat
            Sample.At(12, promptHash: "q3", cost: 0.125m, prefix: [10, 11, 20, 21, 22]), // shares 2 of 5 (< 0.6): not near
            Sample.At(13, promptHash: "q1", cost: 0.5m, prefix: [10, 11, 12, 13]),     // exact repeat of q1, not near
            Sample.At(14, cost: 9m, prefix: [30]),                                     // fewer than 2 blocks
        ]);

        var (result, data) = await harness.RunAsync("semantic_duplicate_finder", new { min_shared_blocks = 2, min_overlap = 0.6 });

        // Exact: p1 repeats 2 of 3 ($3 × 2/3 = $2), p3 1 of 2 ($6 / 2 = $3), q1 1 of 2 ($1 / 2 = $0.5).
        Assert.Equal(10, data.GetProperty("requests_with_prompt_hash").GetInt64());
        Assert.Equal(4, data.GetProperty("exact_repeat_requests").GetInt64());
        Assert.Equal(3, data.GetProperty("exact_groups").GetInt64());
        Assert.Equal(5.5, data.GetProperty("exact_repeated_cost_usd").GetDouble(), 8);
        Assert.Equal(4, data.GetProperty("requests_with_prefix_blocks").GetInt64());
        Assert.Equal(1, data.GetProperty("near_repeat_requests").GetInt64());
        Assert.Equal(0.25, data.GetProperty("near_repeated_cost_usd").GetDouble(), 8);
        var candidates = data.GetProperty("candidates").EnumerateArray()
            .Select(c => (c.GetProperty("kind").GetString(), c.GetProperty("repeats").GetInt64(), c.GetProperty("repeated_cost_usd").GetDouble())).ToList();
        Assert.Equal([("exact", 1L, 3.0), ("exact", 2L, 2.0), ("exact", 1L, 0.5), ("near", 1L, 0.25)], candidates);
        Assert.Equal("p3", data.GetProperty("candidates")[0].GetProperty("key").GetString());
        Assert.Equal(220, data.GetProperty("candidates")[1].GetProperty("repeated_tokens").GetDouble());
        Assert.Equal(0.75, data.GetProperty("candidates")[3].GetProperty("mean_overlap").GetDouble(), 8);
        Assert.Equal(2, data.GetProperty("opportunities").GetArrayLength());
        Assert.Contains("4 of 10 requests with a prompt_hash", result.Summary);
    }

    [Fact]
    public async Task Duplicates_without_prompt_hashes_or_prefixes_are_insufficient_data()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0), Sample.At(1, prefix: [1])]);

        var (result, data) = await harness.RunAsync("semantic_duplicate_finder");

        Assert.True(result.InsufficientData);
        Assert.Equal(2, data.GetProperty("requests").GetInt64());
    }
}
