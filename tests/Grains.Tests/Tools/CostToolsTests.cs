using Netra.Grains.Tests.Support;

namespace Netra.Grains.Tests.Tools;

public sealed class CostToolsTests
{
    private const int Day = 24 * 60;

    [Fact]
    public async Task Cost_analyzer_totals_by_model_feature_and_end_user_with_a_gapless_daily_trend()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(10, model: "gpt-4o", cost: 4m, feature: "x", endUser: "u1"),
            Sample.At(20, model: "gpt-4o-mini", cost: 1m, feature: "y", endUser: "u2"),
            Sample.At((2 * Day) + 5, model: "gpt-4o", cost: 2m, feature: "x", endUser: "u1"),
            Sample.At((2 * Day) + 6, model: "mystery-model", feature: "y", endUser: "u2"),
        ]);

        var (result, data) = await harness.RunAsync("cost_analyzer");

        Assert.Equal((7.0, 4L, 3L), (data.GetProperty("total_cost_usd").GetDouble(), data.GetProperty("requests").GetInt64(), data.GetProperty("priced_requests").GetInt64()));
        Assert.Equal(Math.Round(7.0 / 3, 8), data.GetProperty("avg_cost_per_request_usd").GetDouble());
        var top = data.GetProperty("by_model")[0];
        Assert.Equal(("gpt-4o / openai", 6.0, Math.Round(6.0 / 7, 8)), (top.GetProperty("name").GetString(), top.GetProperty("cost_usd").GetDouble(), top.GetProperty("share").GetDouble()));
        Assert.Equal("u1", data.GetProperty("top_end_users")[0].GetProperty("name").GetString());
        Assert.Equal([5.0, 0.0, 2.0], data.GetProperty("daily").EnumerateArray().Select(d => d.GetProperty("cost_usd").GetDouble()));
        Assert.Equal(["2026-11-16", "2026-11-17", "2026-11-18"], data.GetProperty("daily").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
        Assert.Contains("$7.00 over 4 requests", result.Summary);
        Assert.Contains("1 requests have no cost", result.Summary);
    }

    [Fact]
    public async Task Cost_analyzer_without_any_priced_request_says_so()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0, model: "mystery-model")]);

        var (result, _) = await harness.RunAsync("cost_analyzer");

        Assert.True(result.InsufficientData);
    }

    [Fact]
    public async Task Cost_drivers_are_the_fewest_pairs_reaching_the_share_and_the_biggest_growth_per_day()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(60, model: "A", feature: "x", cost: 25m), Sample.At(Day + 60, model: "A", feature: "x", cost: 25m),
            Sample.At(60, model: "B", feature: "y", cost: 5m), Sample.At(Day + 60, model: "B", feature: "y", cost: 25m),
            Sample.At(60, model: "C", feature: "z", cost: 10m), Sample.At(Day + 60, model: "C", feature: "z", cost: 5m),
            Sample.At(Day + 60, model: "D", feature: "w", cost: 5m),
        ]);

        var (result, data) = await harness.RunAsync("cost_driver_identifier", new
        {
            baseline_from = "2026-11-16T00:00:00Z",
            baseline_to = "2026-11-17T00:00:00Z",
            current_from = "2026-11-17T00:00:00Z",
            current_to = "2026-11-18T00:00:00Z",
        });

        var pareto = data.GetProperty("pareto_set").EnumerateArray().ToList();
        Assert.Equal(["A/x", "B/y"], pareto.Select(p => $"{p.GetProperty("model").GetString()}/{p.GetProperty("feature").GetString()}"));
        Assert.Equal(0.8, data.GetProperty("pareto_share").GetDouble());
        var growth = data.GetProperty("growth");
        Assert.Equal((40.0, 60.0), (growth.GetProperty("baseline").GetProperty("usd_per_day").GetDouble(), growth.GetProperty("current").GetProperty("usd_per_day").GetDouble()));
        var contributors = growth.GetProperty("contributors").EnumerateArray().ToList();
        Assert.Equal(["B", "D"], contributors.Select(c => c.GetProperty("model").GetString()));
        Assert.Equal((20.0, 0.8), (contributors[0].GetProperty("change_usd_per_day").GetDouble(), contributors[0].GetProperty("share_of_growth").GetDouble()));
        Assert.Contains("2 pairs make up 80%", result.Summary);
    }

    [Fact]
    public async Task Cost_drivers_refuse_half_given_periods()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0, cost: 1m)]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.RunAsync("cost_driver_identifier", new { baseline_from = "2026-11-16T00:00:00Z" }));

        Assert.Contains("all four", error.Message);
    }

    [Fact]
    public async Task Token_waste_counts_failed_and_truncated_spend_and_oversized_max_tokens()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(0, status: "error", cost: 1m, output: 0, finish: null),
            Sample.At(1, status: "timeout", cost: 2m, output: 5, finish: null),
            Sample.At(2, model: "gpt-4o", feature: "s", cost: 3m, output: 50, maxTokens: 50, finish: "length"),
            .. new[] { 10, 20, 30, 100 }.Select(o => Sample.At(3 + o, output: o, maxTokens: 1000, cost: 1m)),
        ]);

        var (result, data) = await harness.RunAsync("token_waste_analyzer");

        Assert.Equal((3.0, 3.0, 10.0), (data.GetProperty("failed_cost_usd").GetDouble(), data.GetProperty("truncated_cost_usd").GetDouble(), data.GetProperty("total_cost_usd").GetDouble()));
        Assert.Equal(["gpt-4o-mini / chat"], data.GetProperty("oversized_segments").EnumerateArray().Select(s => s.GetString()));
        var segment = data.GetProperty("max_tokens")[0];
        Assert.Equal((1000.0, 100.0, 128L, 4000L, 3840L),
            (segment.GetProperty("mean_max_tokens").GetDouble(), segment.GetProperty("p99_output").GetDouble(), segment.GetProperty("recommended_max_tokens").GetInt64(),
             segment.GetProperty("reserved_tokens").GetInt64(), segment.GetProperty("unused_tokens").GetInt64()));
        Assert.Equal(Math.Round(3840.0 / 4050, 8), data.GetProperty("unused_reserved_share").GetDouble());
        Assert.Contains("$3.00 (30%) went to 2 failed requests", result.Summary);
    }
}
