using Netra.Grains.Tests.Support;
using Netra.Grains.Tools.Workload;

namespace Netra.Grains.Tests.Tools;

public sealed class WorkloadToolsTests
{
    [Fact]
    public async Task Anomalies_are_hours_whose_robust_z_score_exceeds_the_threshold()
    {
        // Hourly cost 1, 2, 3, 1, 2, 3, ... for 30 hours, but hour 20 costs 10: median 2, MAD 1, z = 0.6745 × 8 / 1.
        var harness = await new ToolHarness().SeedAsync(Enumerable.Range(0, 30).Select(h =>
            Sample.At((h * 60) + 5, cost: h == 20 ? 10m : 1 + (h % 3), latency: 100)));

        var (result, data) = await harness.RunAsync("anomaly_detector");

        var spike = Assert.Single(data.GetProperty("spikes").EnumerateArray());
        Assert.Equal(("cost", Sample.T0.AddHours(20), 10.0, 5.396),
            (spike.GetProperty("metric").GetString(), spike.GetProperty("hour").GetDateTimeOffset(), spike.GetProperty("value").GetDouble(), spike.GetProperty("z").GetDouble()));
        var cost = data.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "cost");
        Assert.Equal((2.0, 1.0), (cost.GetProperty("median").GetDouble(), cost.GetProperty("mad").GetDouble()));
        Assert.Contains("1 hour had anomalous cost", result.Summary);
        Assert.Contains("2026-11-16 20:00Z", result.Summary);
    }

    [Fact]
    public async Task Anomalies_need_a_day_of_hours_as_a_baseline()
    {
        var harness = await new ToolHarness().SeedAsync(Enumerable.Range(0, 10).Select(h => Sample.At(h * 60, cost: 1m)));

        var (result, data) = await harness.RunAsync("anomaly_detector");

        Assert.True(result.InsufficientData);
        Assert.Equal(10, data.GetProperty("hours").GetInt32());
    }

    [Fact]
    public async Task Time_of_day_finds_the_peak_hours_and_the_volume_that_could_move()
    {
        const int Day = 24 * 60;
        var harness = await new ToolHarness().SeedAsync(new[] { 0, Day }.SelectMany(d => new[]
        {
            Sample.At(d + (9 * 60)), Sample.At(d + (9 * 60) + 1), Sample.At(d + (9 * 60) + 2),
            Sample.At(d + (10 * 60)),
            Sample.At(d + (14 * 60), feature: "batch"), Sample.At(d + (14 * 60) + 1, feature: "batch"),
        }));

        var (result, data) = await harness.RunAsync("time_of_day_analyzer", new { deferrable_features = new[] { "batch" } });

        Assert.Equal((2, 12L), (data.GetProperty("days").GetInt32(), data.GetProperty("requests").GetInt64()));
        Assert.Equal([9, 10, 14], data.GetProperty("peak_hours").EnumerateArray().Select(h => h.GetInt32()));
        Assert.Equal(3.0, data.GetProperty("hours")[9].GetProperty("requests_per_day").GetDouble());
        Assert.Equal((10.5, 4L), (data.GetProperty("flatten_requests").GetDouble(), data.GetProperty("deferrable_peak_requests").GetInt64()));
        Assert.Contains("peaks at 09:00 UTC", result.Summary);
    }

    [Fact]
    public async Task Time_of_day_needs_a_full_day()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0), Sample.At(90)]);

        Assert.True((await harness.RunAsync("time_of_day_analyzer")).Result.InsufficientData);
    }

    [Fact]
    public async Task User_segmentation_gives_top_shares_and_the_gini_of_spend_per_user()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(0, endUser: "u1", cost: 10m), Sample.At(1, endUser: "u2", cost: 5m), Sample.At(2, endUser: "u3", cost: 1m),
            Sample.At(3, endUser: "u4", cost: 0m), Sample.At(4, endUser: null, cost: 7m),
        ]);

        var (result, data) = await harness.RunAsync("user_segmentation_analyzer", new { top_k = 2 });

        // Sorted ascending 0, 1, 5, 10: Σ(2i − 5)·x = −1 + 5 + 30 = 34, over 4 × 16.
        Assert.Equal(34.0 / 64, data.GetProperty("gini").GetDouble(), 6);
        Assert.Equal((4, 0.9375, 0.625, 1L),
            (data.GetProperty("end_users").GetInt32(), data.GetProperty("top_k_share").GetDouble(), data.GetProperty("top_10_percent_share").GetDouble(), data.GetProperty("unattributed_requests").GetInt64()));
        Assert.Equal("u1", data.GetProperty("top_users")[0].GetProperty("end_user").GetString());
        Assert.Contains("Gini coefficient of spend per user is 0.531", result.Summary);
    }

    [Fact]
    public void Gini_is_zero_for_equal_spend_and_approaches_one_when_one_spends_all()
    {
        Assert.Equal(0, UserSegmentationAnalyzerTool.Gini([5, 5, 5, 5]));
        Assert.Equal(0.75, UserSegmentationAnalyzerTool.Gini([0, 0, 0, 8]));
        Assert.Equal(0, UserSegmentationAnalyzerTool.Gini([]));
    }

    [Fact]
    public async Task Catalog_search_filters_models_by_provider_price_and_quality()
    {
        var harness = new ToolHarness();

        var (_, cheap) = await harness.RunAsync("supply_catalog_search", new { provider = "anthropic", max_input_price = 5 });
        var (result, good) = await harness.RunAsync("supply_catalog_search", new { provider = "anthropic", max_input_price = 5, min_quality = 80 });

        Assert.Equal(["claude-3-haiku", "claude-3-5-sonnet"], cheap.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        var sonnet = Assert.Single(good.GetProperty("models").EnumerateArray());
        Assert.Equal(3.0, sonnet.GetProperty("input_per_mtok").GetDouble());
        Assert.StartsWith("https://", sonnet.GetProperty("price_source").GetProperty("url").GetString());
        Assert.Contains("claude-3-5-sonnet", result.Summary);
    }

    [Fact]
    public async Task Catalog_search_finds_gpus_by_memory_and_hourly_price()
    {
        var (_, data) = await new ToolHarness().RunAsync("supply_catalog_search", new { kind = "gpu", min_memory_gb = 48, max_price_per_hour = 2 });

        Assert.Equal(["a100-sxm-80gb", "l40s-48gb"], data.GetProperty("gpus").EnumerateArray().Select(g => g.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Catalog_search_takes_no_workload_filters()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ToolHarness().RunAsync("supply_catalog_search", new { dataset = "demo" }));

        Assert.Contains("Unknown parameter 'dataset'", error.Message);
    }
}
