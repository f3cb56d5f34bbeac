using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;

namespace Netra.Grains.Tests.Tools;

public sealed class LatencyPlanningToolsTests
{
    private static readonly long[] s_inputs = [1000, 2000, 3000, 4000];
    private static readonly long[] s_outputs = [100, 200, 300, 400];

    /// <summary>16 requests on a 4 × 4 grid whose latency is exactly 200 + 0.1·input + 20·output ms.</summary>
    private static IEnumerable<WorkloadEvent> Grid(string model, double start = 0) =>
        s_inputs.SelectMany(i => s_outputs.Select(o => (i, o))).Select((p, n) =>
            Sample.At(start + n, model: model, input: p.i, output: p.o, latency: 200 + (0.1 * p.i) + (20 * p.o)));

    [Fact]
    public async Task Bottleneck_fit_recovers_the_latency_model_and_flags_the_outlier()
    {
        // B adds one request at the grid's centroid (2500, 250) that is 17,000 ms slow: the slopes stay, the intercept
        // rises by 17,000 / 17 = 1,000 to 1,200, and its residual is 16,000 against σ = √(272e6 / 14) ≈ 4,408 (3.6σ).
        var harness = await new ToolHarness().SeedAsync(
        [
            .. Grid("A"),
            .. Grid("B", 100),
            Sample.At(200, model: "B", input: 2500, output: 250, latency: 5450 + 17_000),
            Sample.At(300, model: "C", latency: 100),
        ]);

        var (result, data) = await harness.RunAsync("latency_bottleneck_identifier");

        var models = data.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        var a = models["A"];
        Assert.Equal((200.0, 0.1, 20.0, 1.0), (Math.Round(a.GetProperty("intercept_ms").GetDouble(), 6), Math.Round(a.GetProperty("ms_per_input_token").GetDouble(), 6),
            Math.Round(a.GetProperty("ms_per_output_token").GetDouble(), 6), Math.Round(a.GetProperty("r_squared").GetDouble(), 6)));
        Assert.Equal((250.0, 5000.0, "decode", 0L), (Math.Round(a.GetProperty("prefill_ms").GetDouble(), 3), Math.Round(a.GetProperty("decode_ms").GetDouble(), 3),
            a.GetProperty("dominant").GetString(), a.GetProperty("outliers").GetInt64()));
        var b = models["B"];
        Assert.Equal((1200.0, 0.1, 20.0), (Math.Round(b.GetProperty("intercept_ms").GetDouble(), 3), Math.Round(b.GetProperty("ms_per_input_token").GetDouble(), 6),
            Math.Round(b.GetProperty("ms_per_output_token").GetDouble(), 6)));
        Assert.Equal(Math.Round(Math.Sqrt(272e6 / 14), 1), Math.Round(b.GetProperty("residual_std_ms").GetDouble(), 1));
        Assert.Equal(1L, data.GetProperty("outliers_total").GetInt64());
        var outlier = data.GetProperty("outliers")[0];
        Assert.Equal(("B", 16_000.0), (outlier.GetProperty("model").GetString(), outlier.GetProperty("residual_ms").GetDouble()));
        Assert.Equal(["C"], data.GetProperty("models_not_fitted").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("2 of 2 models are decode-bound", result.Summary);
    }

    [Fact]
    public async Task Bottleneck_fit_with_too_few_requests_is_insufficient()
    {
        var harness = await new ToolHarness().SeedAsync(Enumerable.Range(0, 5).Select(i => Sample.At(i, latency: 100 * i)));

        var (result, _) = await harness.RunAsync("latency_bottleneck_identifier");

        Assert.True(result.InsufficientData);
    }

    [Fact]
    public async Task Function_performance_has_volume_errors_percentiles_and_cost_per_call_and_flags_the_worst()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            .. Enumerable.Range(1, 8).Select(i => Sample.At(i, feature: "a", latency: i * 100, cost: 0.1m)),
            Sample.At(10, feature: "a", status: "error", cost: 0.1m),
            Sample.At(11, feature: "a", status: "timeout", cost: 0.1m),
            .. Enumerable.Range(1, 5).Select(i => Sample.At(20 + i, feature: "b", latency: i * 1000, cost: 1m)),
        ]);

        var (result, data) = await harness.RunAsync("function_performance_analyzer");

        var groups = data.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
        var a = groups["a"];
        // a: 8 successful latencies 100..800 → p50 is rank 4 (400), p95 and p99 rank 8 (800).
        Assert.Equal((10L, 2L, 0.2, 400.0, 800.0, 800.0, 0.1),
            (a.GetProperty("requests").GetInt64(), a.GetProperty("failed").GetInt64(), a.GetProperty("error_rate").GetDouble(), a.GetProperty("latency_p50").GetDouble(),
             a.GetProperty("latency_p95").GetDouble(), a.GetProperty("latency_p99").GetDouble(), a.GetProperty("cost_per_call_usd").GetDouble()));
        var b = groups["b"];
        Assert.Equal((3000.0, 5000.0, 1.0), (b.GetProperty("latency_p50").GetDouble(), b.GetProperty("latency_p95").GetDouble(), b.GetProperty("cost_per_call_usd").GetDouble()));
        Assert.Equal(["highest_error_rate"], a.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["slowest_p95", "highest_cost_per_call"], b.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(0.2, data.GetProperty("opportunities")[0].GetProperty("saving_usd").GetDouble());
        Assert.Contains("a fails most often (20% of 10)", result.Summary);
    }

    [Fact]
    public async Task Function_performance_without_events_is_insufficient()
    {
        var (result, _) = await new ToolHarness().RunAsync("function_performance_analyzer");

        Assert.True(result.InsufficientData);
    }

    [Fact]
    public async Task An_output_cap_removes_the_fitted_decode_time_of_tokens_above_it()
    {
        var harness = await new ToolHarness().SeedAsync(Grid("A"));

        var (_, data) = await harness.RunAsync("performance_gains_simulator", new { scenario = "output_cap", max_output_tokens = 200 });

        // Before: 200 + {100..400} + {2000, 4000, 6000, 8000}: p50 (rank 8) 4,600, p95 (rank 16) 8,600. With 20 ms per
        // output token, outputs of 300 and 400 lose 2,000 and 4,000 ms: p50 becomes 4,400 and p95 4,600.
        Assert.Equal(8L, data.GetProperty("requests_changed").GetInt64());
        AssertNear(4600, data.GetProperty("before").GetProperty("p50").GetDouble());
        AssertNear(8600, data.GetProperty("before").GetProperty("p95").GetDouble());
        AssertNear(4400, data.GetProperty("after").GetProperty("p50").GetDouble());
        AssertNear(4600, data.GetProperty("after").GetProperty("p95").GetDouble());
        AssertNear(4000, data.GetProperty("opportunities")[0].GetProperty("latency_gain_ms").GetDouble(), 0.02);
    }

    [Fact]
    public async Task Streaming_makes_time_to_first_token_the_perceived_latency()
    {
        var harness = await new ToolHarness().SeedAsync(new[] { 100, 200, 300, 400 }.Select((t, i) => Sample.At(i, latency: 1000, ttft: t)));

        var (_, data) = await harness.RunAsync("performance_gains_simulator", new { scenario = "streaming" });

        AssertNear(1000, data.GetProperty("before").GetProperty("p50").GetDouble());
        AssertNear(200, data.GetProperty("after").GetProperty("p50").GetDouble());
        AssertNear(400, data.GetProperty("after").GetProperty("p95").GetDouble());
    }

    [Fact]
    public async Task A_smaller_model_without_data_scales_decode_time_by_catalog_speed()
    {
        // gpt-4o decodes 100 tokens/s and gemini-1.5-flash 190 (catalog): 100 output tokens take 1,000 ms, then 526.3 ms.
        var harness = await new ToolHarness().SeedAsync([Sample.At(0, model: "gpt-4o", output: 100, latency: 1500)]);

        var (result, data) = await harness.RunAsync("performance_gains_simulator", new { scenario = "smaller_model", target_model = "gemini-1.5-flash" });

        AssertNear(500 + (1000 * 100 / 190.0), data.GetProperty("after").GetProperty("p50").GetDouble());
        Assert.Contains("scaled by catalog speeds", result.Summary);
        await Assert.ThrowsAsync<ArgumentException>(() => harness.RunAsync("performance_gains_simulator", new { scenario = "smaller_model" }));
    }

    [Fact]
    public async Task Performance_gains_without_latency_are_insufficient()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0)]);

        var (result, _) = await harness.RunAsync("performance_gains_simulator", new { scenario = "streaming" });

        Assert.True(result.InsufficientData);
    }

    [Fact]
    public async Task Rate_limits_compare_the_busiest_minute_with_the_limits_and_a_safety_factor()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            .. Enumerable.Range(0, 5).Select(i => Sample.At(i * 0.1, input: 900, output: 100)),
            Sample.At(1.5, input: 900, output: 100),
            Sample.At(2, model: "claude-3-haiku", provider: "anthropic"),
            Sample.At(3, model: "claude-3-haiku", provider: "anthropic", status: "rate_limited"),
        ]);

        var (result, data) = await harness.RunAsync("rate_limit_planner", new { limits = new Dictionary<string, object> { ["gpt-4o-mini"] = new { rpm = 5 } } });

        var models = data.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        var mini = models["gpt-4o-mini"];
        // Peak minute: 5 requests of 1,000 tokens; × 1.2 → 6 RPM > 5 and 6,000 TPM ≤ the 200,000 default.
        Assert.Equal((5L, 5000L, 6L, 6000L, -1.0, 194_000.0, true),
            (mini.GetProperty("peak_rpm").GetInt64(), mini.GetProperty("peak_tpm").GetInt64(), mini.GetProperty("needed_rpm").GetInt64(), mini.GetProperty("needed_tpm").GetInt64(),
             mini.GetProperty("rpm_headroom").GetDouble(), mini.GetProperty("tpm_headroom").GetDouble(), mini.GetProperty("would_hit_limit").GetBoolean()));
        Assert.Equal((1L, 1L, false), (models["claude-3-haiku"].GetProperty("peak_rpm").GetInt64(), models["claude-3-haiku"].GetProperty("rate_limited_requests").GetInt64(),
            models["claude-3-haiku"].GetProperty("would_hit_limit").GetBoolean()));
        Assert.Equal(["gpt-4o-mini"], data.GetProperty("would_hit_limits").EnumerateArray().Select(m => m.GetString()));
        Assert.Single(data.GetProperty("opportunities").EnumerateArray());
        Assert.Contains("1 model would hit its limits (gpt-4o-mini)", result.Summary);
        Assert.Equal(0, mini.GetProperty("minutes_over_limit").GetInt64()); // the peak of 5 is at the limit, not over it

        // Its own limits below the default: the minutes over are counted against them (minute 0's 5 requests and minute 1's 1,000 tokens).
        var (_, tighter) = await harness.RunAsync("rate_limit_planner", new { limits = new Dictionary<string, object> { ["gpt-4o-mini"] = new { rpm = 4, tpm = 999 } } });
        var counted = tighter.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!, m => m.GetProperty("minutes_over_limit").GetInt64());
        Assert.Equal((2L, 0L), (counted["gpt-4o-mini"], counted["claude-3-haiku"]));
    }

    [Fact]
    public async Task Rate_limits_without_events_are_insufficient()
    {
        var (result, _) = await new ToolHarness().RunAsync("rate_limit_planner");

        Assert.True(result.InsufficientData);
    }

    [Fact]
    public async Task Capacity_is_sized_per_gpu_from_memory_bandwidth_and_flops_and_compared_with_api_spend()
    {
        // 10 requests of 900 input + 100 output tokens within a day at $1,000 each: $10,000 a day, $304,375 a month.
        var harness = await new ToolHarness().SeedAsync(Enumerable.Range(0, 10).Select(i => Sample.At(i, input: 900, output: 100, cost: 1000m)));

        var (result, data) = await harness.RunAsync("capacity_planner", new { model_params_billion = 8, kv_bytes_per_token = 1_000_000 });

        var gpus = data.GetProperty("gpus").EnumerateArray().ToDictionary(g => g.GetProperty("gpu").GetString()!);
        // 8B in BF16 is 16 GB; an H100 keeps 90% of 80 GB = 72 GB, leaving 56 GB of KV cache: 56 sequences of 1,000 tokens × 1 MB.
        var h100 = gpus["h100-sxm-80gb"];
        Assert.Equal((1, 56, 1), (h100.GetProperty("gpus_per_replica").GetInt32(), h100.GetProperty("batch_per_replica").GetInt32(), h100.GetProperty("gpus").GetInt32()));
        Assert.Equal(2.99 * 730.5, h100.GetProperty("monthly_cost_usd").GetDouble(), 0.01);
        // An A10G (24 GB, 0.6 TB/s × 0.6) reads 16 GB in 44.4 ms < 50 ms and keeps 5.6 GB: 5 sequences; one GPU at $1.006/h.
        Assert.Equal(("a10g-24gb", 5, 734.88), (data.GetProperty("cheapest").GetString(), gpus["a10g-24gb"].GetProperty("batch_per_replica").GetInt32(), gpus["a10g-24gb"].GetProperty("monthly_cost_usd").GetDouble()));
        Assert.Equal(304_375.0, data.GetProperty("api_cost_per_month_usd").GetDouble());
        Assert.Equal(304_375 - 734.88, data.GetProperty("opportunities")[0].GetProperty("saving_usd").GetDouble(), 2);
        Assert.Contains("1 × a10g-24gb", result.Summary);
    }

    [Fact]
    public async Task The_capacity_peak_is_the_busiest_minute_even_when_a_busier_hour_spreads_its_tokens_out()
    {
        // Hour 0: one request of 1,000 tokens every minute (60,000 in the hour). Hour 2: three in minute 150 (3,000), the
        // busiest minute, and two equal ones at 170 and 175 (2,000 each) that must not win. Hour 5: 2,500 in one minute.
        var spread = Enumerable.Range(0, 60).Select(m => Sample.At(m, input: 900, output: 100));
        var burst = new[] { 150.1, 150.2, 150.3, 170, 170.5, 175, 175.5 }.Select(m => Sample.At(m, input: 900, output: 100));
        var harness = await new ToolHarness().SeedAsync([.. spread, .. burst, Sample.At(300, input: 2_400, output: 100)]);

        var (_, data) = await harness.RunAsync("capacity_planner");

        Assert.Equal(Sample.T0.AddMinutes(150), data.GetProperty("peak_at").GetDateTimeOffset());
        Assert.Equal(2_700.0 / 60, data.GetProperty("peak_input_tokens_per_second").GetDouble(), 3);
    }

    [Fact]
    public async Task Capacity_for_a_model_too_big_for_a_gpu_type_says_it_cannot_serve_it()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0, cost: 1m)]);

        var (_, data) = await harness.RunAsync("capacity_planner", new { model_params_billion = 200 });

        // 400 GB of weights: 8 × 24 GB L4s hold 172.8 GB usable; H100s need 8 (4 × 72 GB = 288 GB is too little).
        var gpus = data.GetProperty("gpus").EnumerateArray().ToDictionary(g => g.GetProperty("gpu").GetString()!);
        Assert.False(gpus["l4-24gb"].GetProperty("feasible").GetBoolean());
        Assert.Equal(8, gpus["h100-sxm-80gb"].GetProperty("gpus_per_replica").GetInt32());
    }

    [Fact]
    public async Task Capacity_without_events_is_insufficient()
    {
        var (result, _) = await new ToolHarness().RunAsync("capacity_planner");

        Assert.True(result.InsufficientData);
    }

    [Fact]
    public async Task Batching_finds_sessionless_long_off_peak_features_and_prices_the_discount()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            .. Enumerable.Range(0, 10).Select(i => Sample.At(120 + i, feature: "nightly", output: 2000, cost: 1m)),
            .. Enumerable.Range(0, 20).Select(i => Sample.At(600 + (i * 6), feature: "chat", output: 50, cost: 0.5m) with { SessionId = $"s{i % 3}" }),
        ]);

        var (result, data) = await harness.RunAsync("batching_opportunity_finder");

        var features = data.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("feature").GetString()!);
        // nightly runs at 02:00 while chat (the rest) runs at 10:00-11:59; it has no sessions and 2,000-token outputs.
        Assert.Equal(["no_session", "long_outputs", "off_peak"], features["nightly"].GetProperty("signals").EnumerateArray().Select(s => s.GetString()));
        Assert.False(features["chat"].GetProperty("candidate").GetBoolean());
        Assert.Equal(["nightly"], data.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(5.0, data.GetProperty("saving_usd").GetDouble());
        Assert.Contains("save $5.00", result.Summary);

        var (_, named) = await harness.RunAsync("batching_opportunity_finder", new { features = new[] { "chat" }, batch_discount = 0.4 });
        Assert.Equal(4.0, named.GetProperty("saving_usd").GetDouble());
    }

    [Fact]
    public async Task Batching_without_events_is_insufficient()
    {
        var (result, _) = await new ToolHarness().RunAsync("batching_opportunity_finder");

        Assert.True(result.InsufficientData);
    }

    private static void AssertNear(double expected, double actual, double relative = 0.005) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"Expected {expected} within {relative:P1}, got {actual}.");
}
