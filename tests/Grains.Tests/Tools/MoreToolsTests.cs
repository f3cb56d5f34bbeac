using Netra.Grains.Tests.Support;
using Netra.Grains.Tools.Caching;

namespace Netra.Grains.Tests.Tools;

public sealed class MoreToolsTests
{
    [Fact]
    public async Task Prompt_lengths_give_quantiles_a_histogram_long_context_share_and_window_use()
    {
        var harness = await new ToolHarness().SeedAsync(new[] { 100L, 300, 600, 5_000, 40_000 }.Select((input, i) => Sample.At(i, input: input)));

        var (result, data) = await harness.RunAsync("prompt_length_analyzer");

        Assert.Equal((600.0, 40_000.0), (data.GetProperty("p50_input_tokens").GetDouble(), data.GetProperty("p99_input_tokens").GetDouble()));
        var bins = data.GetProperty("histogram").EnumerateArray().ToDictionary(b => b.GetProperty("from_tokens").GetInt64(), b => b.GetProperty("requests").GetInt64());
        Assert.Equal((1L, 1L, 1L, 0L, 1L, 1L), (bins[0], bins[256], bins[512], bins[1024], bins[4096], bins[32_768]));
        Assert.Equal((1L, 0.2), (data.GetProperty("long_context_requests").GetInt64(), data.GetProperty("long_context_share").GetDouble()));
        Assert.Equal(40_000.0 / 128_000, data.GetProperty("by_model")[0].GetProperty("p99_window_use").GetDouble());
        Assert.Contains("median of 600 input tokens", result.Summary);
    }

    [Fact]
    public async Task Output_lengths_right_size_max_tokens_and_flag_truncated_segments()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            .. new[] { 10, 20, 30, 100 }.Select(o => Sample.At(o, output: o, maxTokens: 1000)),
            Sample.At(200, model: "gpt-4o", feature: "s", output: 50, maxTokens: 50, finish: "length"),
            Sample.At(201, model: "gpt-4o", feature: "s", output: 50, maxTokens: 50, finish: "length"),
            Sample.At(202, model: "gpt-4o", feature: "s", output: 20, maxTokens: 50),
            Sample.At(203, output: 0, status: "error", finish: null),
        ]);

        var (result, data) = await harness.RunAsync("output_length_analyzer");

        Assert.Equal(7, data.GetProperty("requests").GetInt64());
        var segments = data.GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var chat = segments["gpt-4o-mini / chat"];
        Assert.Equal(("lower", 128L, 100.0), (chat.GetProperty("action").GetString(), chat.GetProperty("recommended_max_tokens").GetInt64(), chat.GetProperty("p99_output").GetDouble()));
        var s = segments["gpt-4o / s"];
        Assert.Equal(("raise", Math.Round(2.0 / 3, 8)), (s.GetProperty("action").GetString(), s.GetProperty("truncated_share").GetDouble()));
        Assert.Contains(data.GetProperty("finish_reasons").EnumerateArray(), r => r.GetProperty("finish_reason").GetString() == "length" && r.GetProperty("requests").GetInt64() == 2);
        Assert.Contains("28.6% were cut off", result.Summary);
    }

    [Fact]
    public async Task Throughput_gives_mean_and_peak_rates_and_the_burstiness_of_arrivals()
    {
        var harness = await new ToolHarness().SeedAsync(new[] { 0, 10, 20, 120 }.Select(s => Sample.At(0) with { Timestamp = Sample.T0.AddSeconds(s) }));

        var (result, data) = await harness.RunAsync("throughput_analyzer", new { bucket_seconds = 60 });

        // 4 requests over 3 one-minute buckets; the first holds 3. Gaps 10 s, 10 s, 100 s: mean 40 s, population stddev √1.8e9 ms.
        Assert.Equal(4.0 / 180, data.GetProperty("mean_requests_per_second").GetDouble(), 6);
        Assert.Equal((0.05, 2.25), (data.GetProperty("peak_requests_per_second").GetDouble(), data.GetProperty("peak_to_mean").GetDouble()));
        Assert.Equal(440.0 / 180, data.GetProperty("mean_tokens_per_second").GetDouble(), 4);
        Assert.Equal(40_000, data.GetProperty("mean_inter_arrival_ms").GetDouble());
        Assert.Equal(Math.Sqrt(1.8e9) / 40_000, data.GetProperty("inter_arrival_cv").GetDouble(), 4);
        Assert.Contains("2.25× the mean", result.Summary);
    }

    [Fact]
    public async Task Response_cache_simulation_counts_hits_within_the_ttl_and_picks_the_smallest_best_policy()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(0, promptHash: "a", cost: 1m), Sample.At(1, promptHash: "a", cost: 1m), Sample.At(10, promptHash: "a", cost: 1m),
            Sample.At(11, promptHash: "b", cost: 1m, status: "error"), Sample.At(12, promptHash: "b", cost: 1m), Sample.At(13, promptHash: "b", cost: 1m),
            Sample.At(14, promptHash: null, cost: 1m), Sample.At(15, promptHash: "a", model: "gpt-4o", cost: 1m),
        ]);

        var (result, data) = await harness.RunAsync("cache_policy_optimizer");

        var policies = data.GetProperty("policies").EnumerateArray().ToList();
        var fiveMinutes = policies.Single(p => p.GetProperty("capacity_entries").ToString() == "100" && p.GetProperty("ttl_seconds").ToString() == "300");
        Assert.Equal(2, fiveMinutes.GetProperty("hits").GetInt64()); // the a at minute 10 finds an entry 10 minutes old
        var best = data.GetProperty("best");
        Assert.Equal((100L, 3600L, 3L, Math.Round(3.0 / 7, 8)), (best.GetProperty("capacity_entries").GetInt64(), best.GetProperty("ttl_seconds").GetInt64(),
            best.GetProperty("hits").GetInt64(), best.GetProperty("hit_rate").GetDouble()));
        Assert.Equal(7, data.GetProperty("requests_with_prompt_hash").GetInt64());
        Assert.Contains("saving $3.00", result.Summary);
    }

    [Fact]
    public void A_bounded_response_cache_evicts_the_least_recently_used_entry()
    {
        var cache = new ResponseCacheSimulation(capacity: 2, ttl: null);

        foreach (var (key, at) in new[] { ("a", 0L), ("b", 1L), ("a", 2L), ("c", 3L), ("b", 4L), ("a", 5L) })
        {
            cache.Replay(key, at, succeeded: true, costUsd: 1, latencyMs: 10);
        }

        // a hits at 2, so c evicts b (least recent); b misses and evicts a; a misses. One hit in six lookups.
        Assert.Equal((6L, 1L), (cache.Lookups, cache.Hits));
    }
}
