using Netra.Grains.Tests.Support;

namespace Netra.Grains.Tests.Tools;

public sealed class CostPlanningToolsTests
{
    private const int Day = 24 * 60;

    [Fact]
    public async Task Cost_impact_of_substituting_a_model_keeps_tokens_at_the_targets_catalog_price()
    {
        // gpt-4o: 1M input × $2.50 + 100k output × $10 = $3.50; on gpt-4.1-mini: 1M × $0.40 + 100k × $1.60 = $0.56.
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(0, model: "gpt-4o", input: 1_000_000, output: 100_000),
            Sample.At(1, model: "gpt-4o-mini", input: 1000, output: 100),
        ]);

        var (result, data) = await harness.RunAsync("cost_impact_simulator", new { from_model = "gpt-4o", to_model = "gpt-4.1-mini" });

        Assert.Equal((3.50021, 0.56021, -2.94), (data.GetProperty("before_usd").GetDouble(), data.GetProperty("after_usd").GetDouble(), data.GetProperty("change_usd").GetDouble()));
        var moved = data.GetProperty("by_model")[0];
        Assert.Equal(("gpt-4o", 3.5, 0.56), (moved.GetProperty("model").GetString(), moved.GetProperty("before_usd").GetDouble(), moved.GetProperty("after_usd").GetDouble()));
        Assert.Equal(1.2, data.GetProperty("quality_drop").GetDouble());
        Assert.Equal(2.94, data.GetProperty("opportunities")[0].GetProperty("saving_usd").GetDouble());
        Assert.Contains("$2.94 (84%) less", result.Summary);
    }

    [Fact]
    public async Task Cost_impact_reprices_with_a_price_table_and_a_percent_change_for_the_rest()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(0, model: "gpt-4o", input: 1_000_000, output: 100_000),
            Sample.At(1, model: "gpt-4o-mini", input: 1000, output: 100),
        ]);

        var (_, data) = await harness.RunAsync("cost_impact_simulator", new
        {
            price_table = new Dictionary<string, object> { ["gpt-4o-mini"] = new { input_per_mtok = 1.0, output_per_mtok = 2.0 } },
            price_change_percent = -20,
        });

        // mini: 1000 × $1 + 100 × $2 per 1M = $0.0012; gpt-4o: $3.50 × 0.8 = $2.80.
        Assert.Equal(2.8012, data.GetProperty("after_usd").GetDouble());
        Assert.Empty(data.GetProperty("opportunities").EnumerateArray());
        await Assert.ThrowsAsync<ArgumentException>(() => harness.RunAsync("cost_impact_simulator"));
        await Assert.ThrowsAsync<ArgumentException>(() => harness.RunAsync("cost_impact_simulator", new { price_table = new { x = new { input_per_mtok = 1 } } }));
    }

    [Fact]
    public async Task Cost_impact_without_events_is_insufficient()
    {
        var (result, _) = await new ToolHarness().RunAsync("cost_impact_simulator", new { price_change_percent = 10 });

        Assert.True(result.InsufficientData);
    }

    [Fact]
    public async Task Cheapest_model_within_the_quality_tolerance_must_fit_the_segments_p99_input()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            .. Enumerable.Range(0, 10).Select(i => Sample.At(i, model: "gpt-4o", feature: "long", input: 100_000, output: 10_000)),
            .. Enumerable.Range(0, 10).Select(i => Sample.At(20 + i, model: "gpt-4o", feature: "short", input: 1000, output: 100)),
            Sample.At(40, model: "mystery-model", feature: "short", cost: 1m),
        ]);

        var (result, data) = await harness.RunAsync("cost_reduction_quality_preservation");

        // gpt-4o scores 88.7: candidates score ≥ 83.7. "long" has p99 input 100,000 > deepseek-chat's 65,536 window, so
        // the cheapest is gpt-4.1-mini: 1M × $0.40 + 100k × $1.60 = $0.56 against $3.50. "short" (10k in, 1k out, $0.035)
        // fits deepseek-chat: 10k × $0.27 + 1k × $1.10 per 1M = $0.0038.
        var segments = data.GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("feature").GetString()!);
        Assert.Equal(("gpt-4.1-mini", 0.56, 2.94), (segments["long"].GetProperty("replacement").GetString(), segments["long"].GetProperty("replacement_cost_usd").GetDouble(), segments["long"].GetProperty("saving_usd").GetDouble()));
        Assert.Equal(("deepseek-chat", 0.0038, 0.0312), (segments["short"].GetProperty("replacement").GetString(), segments["short"].GetProperty("replacement_cost_usd").GetDouble(), segments["short"].GetProperty("saving_usd").GetDouble()));
        Assert.Equal(2.9712, data.GetProperty("saving_usd").GetDouble());
        Assert.Equal(["mystery-model / short"], data.GetProperty("segments_not_in_catalog").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(2, data.GetProperty("opportunities").GetArrayLength());
        Assert.Contains("saving $2.97", result.Summary);
    }

    [Fact]
    public async Task Quality_preservation_without_catalog_models_is_insufficient()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0, model: "mystery-model", cost: 1m)]);

        var (result, _) = await harness.RunAsync("cost_reduction_quality_preservation");

        Assert.True(result.InsufficientData);
    }

    [Fact]
    public async Task Forecast_of_a_linear_daily_series_continues_the_line_with_no_spread()
    {
        var harness = await new ToolHarness().SeedAsync(Enumerable.Range(0, 5).Select(d => Sample.At((d * Day) + 60, cost: d + 1)));

        var (result, data) = await harness.RunAsync("cost_forecaster", new { horizon_days = 3 });

        Assert.Equal("holt_linear", data.GetProperty("method").GetString());
        var forecast = data.GetProperty("forecast").EnumerateArray().ToList();
        Assert.Equal(["2026-11-21", "2026-11-22", "2026-11-23"], forecast.Select(f => f.GetProperty("date").GetString()));
        Assert.Equal([6.0, 7.0, 8.0], forecast.Select(f => Math.Round(f.GetProperty("cost_usd").GetDouble(), 6)));
        Assert.Equal(21.0, data.GetProperty("forecast_total_usd").GetDouble(), 6);
        Assert.Equal(0.0, data.GetProperty("residual_std_usd").GetDouble(), 6);
        Assert.Equal(5, data.GetProperty("history").GetArrayLength());
        Assert.Contains("forecasts $21.00 over the next 3 days", result.Summary);
    }

    [Fact]
    public async Task Forecast_of_two_weeks_uses_a_weekly_season()
    {
        // y_t = 10 + t + s[t mod 7], the seasonal terms summing to 0; the next three days are 27, 24 and 25.
        double[] season = [3, -1, -1, -1, -1, 0, 1];
        var harness = await new ToolHarness().SeedAsync(Enumerable.Range(0, 14).Select(t => Sample.At((t * Day) + 60, cost: (decimal)(10 + t + season[t % 7]))));

        var (_, data) = await harness.RunAsync("cost_forecaster", new { horizon_days = 3 });

        Assert.Equal("holt_winters_additive", data.GetProperty("method").GetString());
        Assert.Equal([27.0, 24.0, 25.0], data.GetProperty("forecast").EnumerateArray().Select(f => Math.Round(f.GetProperty("cost_usd").GetDouble(), 6)));
    }

    [Fact]
    public async Task Forecast_with_fewer_than_three_days_is_insufficient()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0, cost: 1m), Sample.At(Day, cost: 2m)]);

        var (result, data) = await harness.RunAsync("cost_forecaster");

        Assert.True(result.InsufficientData);
        Assert.Equal(2, data.GetProperty("days").GetInt32());
    }

    [Fact]
    public async Task Budgets_flag_groups_over_budget_and_project_the_overrun_date_from_the_burn_rate()
    {
        // x spends $10 a day from Nov 16 to 20, y $30 on Nov 16. As of Nov 21 the burn window starts at the first day
        // (5 days): x burns $10/day, y $6/day; 10 days are left in November.
        var harness = await new ToolHarness().SeedAsync(
        [
            .. Enumerable.Range(0, 5).Select(d => Sample.At((d * Day) + 60, feature: "x", cost: 10m)),
            Sample.At(120, feature: "y", cost: 30m),
        ]);

        var (result, data) = await harness.RunAsync("budget_monitor", new { budgets = new { x = 100, y = 20 } });

        var groups = data.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["y", "x"], groups.Select(g => g.GetProperty("name").GetString()));
        var (y, x) = (groups[0], groups[1]);
        Assert.Equal(("over_budget", 30.0, 6.0, 90.0, "2026-11-16"),
            (y.GetProperty("status").GetString(), y.GetProperty("month_to_date_usd").GetDouble(), y.GetProperty("burn_rate_usd_per_day").GetDouble(),
             y.GetProperty("projected_month_end_usd").GetDouble(), y.GetProperty("overrun_date").GetString()));
        Assert.Equal(("projected_overrun", 50.0, 10.0, 150.0, "2026-11-26"),
            (x.GetProperty("status").GetString(), x.GetProperty("month_to_date_usd").GetDouble(), x.GetProperty("burn_rate_usd_per_day").GetDouble(),
             x.GetProperty("projected_month_end_usd").GetDouble(), x.GetProperty("overrun_date").GetString()));
        Assert.Equal(10.0, data.GetProperty("days_left").GetDouble());
        Assert.Equal([70.0, 50.0], data.GetProperty("opportunities").EnumerateArray().Select(o => o.GetProperty("saving_usd").GetDouble()));
        Assert.Contains("1 is already over budget and 1 is projected to overrun", result.Summary);
    }

    [Fact]
    public async Task Budgets_by_team_apply_one_monthly_budget_to_each_and_need_a_budget()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(60, team: "search", cost: 5m), Sample.At(70, team: "ads", cost: 100m)]);

        var (_, data) = await harness.RunAsync("budget_monitor", new { group_by = "team", monthly_budget_usd = 1000 });

        // One day of data (Nov 16), judged as of Nov 17: ads burns $100/day with 14 days left: 100 + 100 × 14 = $1,500 > $1,000.
        var groups = data.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
        Assert.Equal(("projected_overrun", 1500.0), (groups["ads"].GetProperty("status").GetString(), groups["ads"].GetProperty("projected_month_end_usd").GetDouble()));
        Assert.Equal("on_track", groups["search"].GetProperty("status").GetString());
        await Assert.ThrowsAsync<ArgumentException>(() => harness.RunAsync("budget_monitor"));
    }

    [Fact]
    public async Task Budgets_without_events_are_insufficient()
    {
        var (result, _) = await new ToolHarness().RunAsync("budget_monitor", new { monthly_budget_usd = 10 });

        Assert.True(result.InsufficientData);
    }
}
