using Netra.Grains.Tests.Support;

namespace Netra.Grains.Tests.Tools;

public sealed class CachingToolsTests
{
    [Fact]
    public async Task Kv_cache_reuse_counts_leading_blocks_seen_before_in_timestamp_order()
    {
        // Block size 4. Stored out of order on purpose: the replay follows timestamps.
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(2, input: 8, prefix: [1, 2], feature: "a"),          // hits 1,2: 8 of 8 tokens
            Sample.At(1, input: 10, prefix: [1, 2, 3], feature: "a"),      // first: no hit
            Sample.At(3, input: 12, prefix: [1, 2, 9], feature: "b"),      // hits 1,2 then 9 is new: 8 of 12
            Sample.At(4, input: 6, prefix: [1, 2], feature: "b"),          // hits 1,2: min(8, 6) = 6 of 6
            Sample.At(5, input: 6, prefix: null, feature: "b"),            // no prefix hashes: not counted
        ]);

        var (result, data) = await harness.RunAsync("kv_cache_finder", new { block_tokens = 4 });

        var overall = data.GetProperty("overall");
        Assert.Equal((5L, 4L), (data.GetProperty("requests").GetInt64(), data.GetProperty("requests_with_prefix_hashes").GetInt64()));
        Assert.Equal((36L, 22L, 10L, 6L), (overall.GetProperty("input_tokens").GetInt64(), overall.GetProperty("hit_tokens").GetInt64(),
            overall.GetProperty("blocks").GetInt64(), overall.GetProperty("hit_blocks").GetInt64()));
        Assert.Equal(22.0 / 36, overall.GetProperty("token_weighted").GetDouble(), 8);
        Assert.Equal(0.6, overall.GetProperty("block_weighted").GetDouble(), 8);
        Assert.Equal((0 + 1 + (8.0 / 12) + 1) / 4, overall.GetProperty("mean_request_fraction").GetDouble(), 8);
        var features = data.GetProperty("by_feature").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal((8L, 14L), (features["a"].GetProperty("hit_tokens").GetInt64(), features["b"].GetProperty("hit_tokens").GetInt64()));
        Assert.Contains("61.1% of the input tokens", result.Summary);
        Assert.Contains("token-weighted", result.Summary);
    }

    [Fact]
    public async Task Kv_cache_reuse_without_prefix_hashes_is_insufficient_data()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0), Sample.At(1)]);

        var (result, data) = await harness.RunAsync("kv_cache_finder");

        Assert.True(result.InsufficientData);
        Assert.Equal(0, data.GetProperty("requests_with_prefix_hashes").GetInt64());
    }

    [TraceFact(TraceFiles.Mooncake)]
    public async Task Kv_cache_reuse_of_the_mooncake_trace_reproduces_the_published_ratios()
    {
        var events = TraceFiles.ReadMooncake().ToList();
        Assert.Equal(3_993, events.Count);
        var harness = await new ToolHarness().SeedAsync(events);

        var (_, data) = await harness.RunAsync("kv_cache_finder", new { dataset = "mooncake" });

        var overall = data.GetProperty("overall");
        Assert.Equal(0.432, Math.Round(overall.GetProperty("mean_request_fraction").GetDouble(), 3));
        Assert.Equal(0.651, Math.Round(overall.GetProperty("token_weighted").GetDouble(), 3));
        Assert.Equal(0.640, Math.Round(overall.GetProperty("block_weighted").GetDouble(), 3));
        Assert.Equal(15_325.5, Math.Round(events.Average(e => e.InputTokens), 1));
    }
}
