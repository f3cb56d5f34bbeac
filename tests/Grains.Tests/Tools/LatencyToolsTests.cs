using Netra.Grains.Tests.Support;

namespace Netra.Grains.Tests.Tools;

public sealed class LatencyToolsTests
{
    private static IEnumerable<Netra.Grains.Workloads.WorkloadEvent> LatencyWorkload() =>
    [
        .. Enumerable.Range(1, 10).Select(i => Sample.At(i, model: "A", latency: i * 100, ttft: i * 10)),
        .. new[] { 2000, 4000, 6000, 8000, 10000 }.Select(l => Sample.At(20 + (l / 1000), model: "B", latency: l, ttft: 500)),
        Sample.At(40, model: "B", latency: 30_000, status: "timeout"),
    ];

    [Fact]
    public async Task Latency_percentiles_are_nearest_rank_over_successful_requests_with_slo_breaches()
    {
        var harness = await new ToolHarness().SeedAsync(LatencyWorkload());

        var (result, data) = await harness.RunAsync("latency_analyzer", new { slo_ms = 5000, ttft_slo_ms = 400 });

        var overall = data.GetProperty("overall");
        Assert.Equal((15L, 800.0, 10000.0, 10000.0),
            (overall.GetProperty("requests").GetInt64(), overall.GetProperty("latency_p50").GetDouble(), overall.GetProperty("latency_p95").GetDouble(), overall.GetProperty("latency_p99").GetDouble()));
        Assert.Equal((3L, 5L), (overall.GetProperty("slo_breaches").GetInt64(), overall.GetProperty("ttft_slo_breaches").GetInt64()));
        var byModel = data.GetProperty("by_model").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal((500.0, 900.0, 0L), (byModel["A"].GetProperty("latency_p50").GetDouble(), byModel["A"].GetProperty("latency_p90").GetDouble(), byModel["A"].GetProperty("slo_breaches").GetInt64()));
        Assert.Equal((3L, 0.6), (byModel["B"].GetProperty("slo_breaches").GetInt64(), byModel["B"].GetProperty("slo_breach_share").GetDouble()));
        Assert.Contains("3 requests (20%) took longer than the 5,000 ms SLO, most of them on B", result.Summary);
    }

    [Fact]
    public async Task Latency_can_include_failed_requests()
    {
        var harness = await new ToolHarness().SeedAsync(LatencyWorkload());

        var (_, data) = await harness.RunAsync("latency_analyzer", new { slo_ms = 5000, include_failed = true });

        Assert.Equal((16L, 4L), (data.GetProperty("overall").GetProperty("requests").GetInt64(), data.GetProperty("overall").GetProperty("slo_breaches").GetInt64()));
    }

    [Fact]
    public async Task Latency_without_any_reported_latency_is_insufficient_data()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0), Sample.At(1)]);

        var (result, _) = await harness.RunAsync("latency_analyzer");

        Assert.True(result.InsufficientData);
    }

    [Fact]
    public async Task Error_rates_by_model_and_provider_and_the_load_retries_add()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            .. Enumerable.Range(0, 6).Select(i => Sample.At(i, model: "gpt-4o")),
            .. new[] { "error", "error", "rate_limited", "timeout" }.Select((s, i) => Sample.At(10 + i, model: "gpt-4o", status: s, cost: 0.5m)),
            .. Enumerable.Range(0, 10).Select(i => Sample.At(20 + i, model: "claude-3-haiku", provider: "anthropic")),
        ]);

        var (result, data) = await harness.RunAsync("error_rate_analyzer");

        var overall = data.GetProperty("overall");
        Assert.Equal((20L, 4L, 2L, 1L, 1L, 0.2),
            (overall.GetProperty("requests").GetInt64(), overall.GetProperty("failed").GetInt64(), overall.GetProperty("errors").GetInt64(),
             overall.GetProperty("rate_limited").GetInt64(), overall.GetProperty("timeouts").GetInt64(), overall.GetProperty("failure_rate").GetDouble()));
        var worst = data.GetProperty("by_model")[0];
        Assert.Equal(("gpt-4o / openai", 0.4), (worst.GetProperty("name").GetString(), worst.GetProperty("failure_rate").GetDouble()));
        Assert.Equal((0.25, 400L, 2.0), (data.GetProperty("retry_load").GetDouble(), data.GetProperty("failed_input_tokens").GetInt64(), data.GetProperty("failed_cost_usd").GetDouble()));
        Assert.Contains("4 of 20 requests", result.Summary);
        Assert.Contains("adds 25% to the load", result.Summary);
    }
}
