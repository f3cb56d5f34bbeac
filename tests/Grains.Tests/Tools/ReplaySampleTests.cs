using System.Text.Json;
using Netra.Grains.Catalog;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads.Demo;

namespace Netra.Grains.Tests.Tools;

/// <summary>
/// The replaying tools read every event up to <c>max_replay_events</c> and a sample of time windows above it; both
/// regimes give the same answer on both stores (the harness compares them), and a sampled answer says so.
/// </summary>
public sealed class ReplaySampleTests
{
    private static readonly string[] s_replaying =
    [
        "latency_bottleneck_identifier", "throughput_analyzer", "kv_cache_finder", "kv_cache_optimization_audit", "cache_policy_optimizer",
        "semantic_duplicate_finder", "optimal_policy_proposer",
    ];

    private static async Task<ToolHarness> SeededAsync() => await new ToolHarness().SeedAsync(
        SyntheticWorkload.Generate(new SyntheticWorkloadSettings(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), Days: 4, RequestsPerDay: 1_500), ModelCatalog.Default));

    [Fact]
    public async Task Above_the_budget_every_replaying_tool_reads_windows_holding_about_that_many_events_and_says_so()
    {
        var harness = await SeededAsync();
        foreach (var tool in s_replaying)
        {
            var (result, data) = await harness.RunAsync(tool, new { max_replay_events = 1_000 });

            var sampling = Sampling(data);
            Assert.True(sampling.GetProperty("sampled").GetBoolean(), tool);
            var matching = sampling.GetProperty("events_matching").GetInt64();
            var replayed = sampling.GetProperty("events_replayed").GetInt64();
            Assert.InRange(replayed, 300, 3_000);
            Assert.True(matching > 3 * replayed, $"{tool}: {replayed} of {matching}");
            Assert.Equal((double)matching / replayed, sampling.GetProperty("scale_to_all_events").GetDouble(), 3);
            Assert.Contains("deterministic sample", result.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task At_or_below_the_budget_every_event_is_replayed()
    {
        var harness = await SeededAsync();
        foreach (var tool in s_replaying)
        {
            var (result, data) = await harness.RunAsync(tool);

            var sampling = Sampling(data);
            Assert.False(sampling.GetProperty("sampled").GetBoolean(), tool);
            Assert.Equal(sampling.GetProperty("events_matching").GetInt64(), sampling.GetProperty("events_replayed").GetInt64());
            Assert.DoesNotContain("deterministic sample", result.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_same_data_gives_the_same_sample_twice()
    {
        var harness = await SeededAsync();

        var (first, _) = await harness.RunAsync("kv_cache_finder", new { max_replay_events = 1_000 });
        var (second, _) = await harness.RunAsync("kv_cache_finder", new { max_replay_events = 1_000 });

        Assert.Equal(first.DataJson, second.DataJson);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(1_000_000)]
    public async Task A_latency_replay_counts_and_reads_only_the_successful_requests_that_report_latency(int budget)
    {
        var events = SyntheticWorkload.Generate(
            new SyntheticWorkloadSettings(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), Days: 4, RequestsPerDay: 1_500), ModelCatalog.Default)
            .Select((e, i) => i % 3 == 0 ? e with { LatencyMs = null, TtftMs = null } : e)
            .ToList();
        var timed = events.Count(e => e.Status == "ok" && e.LatencyMs is not null);
        var harness = await new ToolHarness().SeedAsync(events);

        foreach (var (tool, parameters) in new (string, object)[]
        {
            ("latency_bottleneck_identifier", new { max_replay_events = budget }),
            ("performance_gains_simulator", new { max_replay_events = budget, scenario = "streaming" }),
        })
        {
            var (_, data) = await harness.RunAsync(tool, parameters);

            var sampling = data.GetProperty("sampling");
            Assert.Equal(timed, sampling.GetProperty("events_matching").GetInt64());
            var replayed = sampling.GetProperty("events_replayed").GetInt64();
            Assert.Equal(budget < timed, sampling.GetProperty("sampled").GetBoolean());
            Assert.True(budget < timed ? replayed < timed / 2 : replayed == timed, $"{tool}: {replayed} of {timed}");
        }
    }

    private static JsonElement Sampling(JsonElement data) =>
        data.TryGetProperty("sampling", out var s) ? s
        : data.TryGetProperty("near_sampling", out var near) ? near
        : data.GetProperty("inter_arrival_sampling");
}
