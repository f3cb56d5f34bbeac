using Netra.Grains.Catalog;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Demo;

namespace Netra.Grains.Tests.Workloads.Synthetic;

public sealed class SyntheticWorkloadTests
{
    // A week at 20,000 requests a weekday: enough events for the statistics to be stable.
    private static readonly SyntheticWorkloadSettings s_week = new(Sample.T0, Days: 7, RequestsPerDay: 20_000, Seed: 42);
    private static readonly IReadOnlyList<WorkloadEvent> s_events = [.. SyntheticWorkload.Generate(s_week, ModelCatalog.Default)];

    [Fact]
    public void The_same_seed_gives_the_same_events_and_another_seed_other_events()
    {
        var settings = s_week with { Days = 1, RequestsPerDay = 2_000 };
        var first = SyntheticWorkload.Generate(settings, ModelCatalog.Default).ToList();
        var again = SyntheticWorkload.Generate(settings, ModelCatalog.Default).ToList();
        var other = SyntheticWorkload.Generate(settings with { Seed = 43 }, ModelCatalog.Default).ToList();

        Assert.Equal(first.Select(Key), again.Select(Key));
        Assert.NotEqual(first.Select(Key), other.Select(Key));
    }

    [Fact]
    public void Events_are_in_timestamp_order_in_the_dataset_with_every_team_feature_and_model()
    {
        Assert.True(s_events.Zip(s_events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
        Assert.All(s_events, e => Assert.Equal("synthetic", e.Dataset));
        Assert.Equal(SyntheticFeature.All.Select(f => f.Name).Order(), s_events.Select(e => e.Feature!).Distinct().Order());
        Assert.Equal(["data", "growth", "platform", "support"], s_events.Select(e => e.Team!).Distinct().Order());
        Assert.Equal(SyntheticFeature.All.SelectMany(f => f.Models).Select(m => m.Name).Distinct().Order(), s_events.Select(e => e.Model).Distinct().Order());
        Assert.True(s_events.Select(e => e.Provider).Distinct().Count() >= 4);
        Assert.Equal(s_events.Count, s_events.Select(e => e.RequestId).Distinct().Count());
    }

    [Fact]
    public void Traffic_follows_the_day()
    {
        var byHour = s_events.CountBy(e => e.Timestamp.Hour).ToDictionary();

        Assert.True(byHour[15] > 4 * byHour[3]);
    }

    [Fact]
    public void Input_tokens_are_heavy_tailed_and_output_stops_at_max_tokens()
    {
        var input = s_events.Select(e => e.InputTokens).Order().ToList();
        var p50 = input[input.Count / 2];
        var p99 = input[(int)(input.Count * 0.99)];

        Assert.True(p99 > 8 * p50, $"p99 {p99}, p50 {p50}");
        Assert.All(s_events.Where(e => e.FinishReason == "length"), e => Assert.Equal(e.MaxTokens, e.OutputTokens));
        Assert.True(s_events.Count(e => e.FinishReason == "length") > s_events.Count / 100);
        var support = s_events.Where(e => e.Feature == "support-bot" && e.Status == "ok").Select(e => (double)e.MaxTokens! / Math.Max(1, e.OutputTokens)).Order().ToList();
        Assert.True(support[support.Count / 2] > 10); // max_tokens set far above use
    }

    [Fact]
    public void Rate_limits_cluster_in_bursts()
    {
        // Ten-minute windows: the busiest tenth (the bursts) against the rest of the daytime windows.
        var windows = s_events.GroupBy(e => e.Timestamp.UtcTicks / (10 * TimeSpan.TicksPerMinute))
            .Select(g => (Requests: g.Count(), Limited: g.Count(e => e.Status == "rate_limited"), Hour: g.First().Timestamp.Hour))
            .Where(w => w.Hour is >= 8 and < 20).OrderByDescending(w => w.Requests).ToList();
        var busiest = windows.Take(windows.Count / 10).ToList();
        var rest = windows.Skip(windows.Count / 5).ToList();

        double Rate(List<(int Requests, int Limited, int Hour)> ws) => (double)ws.Sum(w => w.Limited) / ws.Sum(w => w.Requests);
        Assert.True(Rate(busiest) > 10 * Rate(rest), $"busiest {Rate(busiest):P2}, rest {Rate(rest):P2}");
        Assert.Equal(["error", "ok", "rate_limited", "timeout"], s_events.Select(e => e.Status).Distinct().Order());
        Assert.All(s_events.Where(e => e.Status == "rate_limited"), e => Assert.Equal(0m, e.CostUsd));
    }

    [Fact]
    public void Prompts_repeat_and_features_share_a_system_prompt_prefix()
    {
        var repeated = s_events.CountBy(e => e.PromptHash!).Where(p => p.Value > 1).Sum(p => p.Value);

        Assert.InRange((double)repeated / s_events.Count, 0.05, 0.5);
        Assert.All(s_events, e => Assert.Equal((e.InputTokens + 511) / 512, e.PrefixHashes!.Count));
        foreach (var feature in SyntheticFeature.All.Where(f => f.SystemBlocks > 0))
        {
            var prefixes = s_events.Where(e => e.Feature == feature.Name).Select(e => string.Join(",", e.PrefixHashes!.Take(feature.SystemBlocks)));
            Assert.Single(prefixes.Distinct());
        }
    }

    [Fact]
    public void Latency_grows_with_output_tokens()
    {
        var ok = s_events.Where(e => e.Status == "ok" && e.Model == "gpt-4o-mini").ToList();

        Assert.True(Correlation(ok.Select(e => (double)e.OutputTokens).ToList(), ok.Select(e => e.LatencyMs!.Value).ToList()) > 0.5);
        Assert.All(s_events, e => Assert.NotNull(e.CostUsd));
    }

    private static string Key(WorkloadEvent e) =>
        $"{e.Timestamp:O}|{e.Model}|{e.Feature}|{e.InputTokens}|{e.OutputTokens}|{e.Status}|{e.LatencyMs}|{e.PromptHash}|{string.Join(",", e.PrefixHashes!)}";

    private static double Correlation(List<double> x, List<double> y)
    {
        var (mx, my) = (x.Average(), y.Average());
        var cov = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        return cov / Math.Sqrt(x.Sum(v => (v - mx) * (v - mx)) * y.Sum(v => (v - my) * (v - my)));
    }
}
