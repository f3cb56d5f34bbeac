using Netra.Grains.Tests.Support;

namespace Netra.Grains.Tests.Tools;

public sealed class WorkloadProfilerToolTests
{
    [Fact]
    public async Task Profile_counts_time_range_breakdowns_and_nearest_rank_statistics()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(0, input: 100, output: 10, latency: 100, cost: 1m, feature: "a", endUser: "u1"),
            Sample.At(60, input: 200, output: 20, latency: 200, cost: 2m, feature: "b", endUser: "u2"),
            Sample.At(120, model: "gpt-4o", input: 300, output: 30, latency: 300, cost: 3m, feature: "a", endUser: "u1", status: "error"),
            Sample.At(180, model: "gpt-4o", input: 400, output: 40, latency: null, cost: 4m, feature: "a", endUser: "u3"),
        ]);

        var (result, data) = await harness.RunAsync("workload_profiler");

        Assert.False(result.InsufficientData);
        Assert.Equal(4, data.GetProperty("requests").GetInt64());
        Assert.Equal(0.125, data.GetProperty("days").GetDouble());
        Assert.Equal(10, data.GetProperty("cost_usd").GetDouble());
        Assert.Equal(3, data.GetProperty("end_users").GetInt64());
        var input = data.GetProperty("input_tokens");
        Assert.Equal((250.0, 200.0, 400.0, 400.0), (input.GetProperty("mean").GetDouble(), input.GetProperty("p50").GetDouble(), input.GetProperty("p90").GetDouble(), input.GetProperty("max").GetDouble()));
        var latency = data.GetProperty("latency_ms");
        Assert.Equal((3L, 200.0, 300.0), (latency.GetProperty("count").GetInt64(), latency.GetProperty("p50").GetDouble(), latency.GetProperty("p99").GetDouble()));
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], data.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        var feature = data.GetProperty("features")[0];
        Assert.Equal(("a", 3L, 0.75), (feature.GetProperty("name").GetString(), feature.GetProperty("requests").GetInt64(), feature.GetProperty("share").GetDouble()));
        Assert.Equal(2, data.GetProperty("statuses").GetArrayLength());
        Assert.Contains("4 requests", result.Summary);
        Assert.Contains("25% of requests did not succeed", result.Summary);
    }

    [Fact]
    public async Task A_dataset_with_no_events_is_insufficient_data_and_invents_nothing()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0)]);

        var (result, data) = await harness.RunAsync("workload_profiler", new { dataset = "empty" });

        Assert.True(result.InsufficientData);
        Assert.Equal(0, data.GetProperty("requests").GetInt64());
        Assert.Contains("no requests in dataset empty", result.Summary);
    }
}
