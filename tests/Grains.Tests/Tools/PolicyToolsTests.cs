using System.Text.Json;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Tools;

public sealed class PolicyToolsTests
{
    // gpt-4o ($2.5 / $10 per 1M): a 1,000 + 100 token request costs $0.0035, a 5,000 + 100 one $0.0135.
    // gpt-4o-mini ($0.15 / $0.6): a 1,000 + 100 token request costs $0.00021. Total $0.02792.
    // Observed ms per output token: gpt-4o (4 × 1,000 + 2,000) / 500 = 12, gpt-4o-mini 800 / 200 = 4.
    private static IEnumerable<WorkloadEvent> Workload() =>
    [
        .. Enumerable.Range(0, 4).Select(i => Sample.At(i, model: "gpt-4o", input: 1_000, output: 100, latency: 1_000)),
        Sample.At(4, model: "gpt-4o", input: 5_000, output: 100, latency: 2_000),
        Sample.At(5, model: "gpt-4o-mini", input: 1_000, output: 100, latency: 400, feature: "search"),
        Sample.At(6, model: "gpt-4o-mini", input: 1_000, output: 100, latency: 400, feature: "search"),
    ];

    [Fact]
    public async Task The_simulator_reprices_rescales_and_escalates_the_routed_requests()
    {
        var harness = await new ToolHarness().SeedAsync(Workload());
        var policy = new { name = "short chat", rules = new[] { new { feature = "chat", from_model = "gpt-4o", max_input_tokens = 2_000, target_model = "gpt-4o-mini", escalate_on_failure = true } } };

        var (result, data) = await harness.RunAsync("policy_simulator", new { policy, failure_rate = 0.1 });

        var o = data.GetProperty("outcome");
        Assert.Equal(4, o.GetProperty("routed_requests").GetInt64());
        Assert.Equal(0.02792, o.GetProperty("baseline_cost_usd").GetDouble(), 9);
        // Each routed request: $0.00021 on mini + 10% × $0.0035 re-run on gpt-4o = $0.00056.
        Assert.Equal((4 * 0.00056) + 0.0135 + 0.00042, o.GetProperty("cost_usd").GetDouble(), 9);
        Assert.Equal(0.0014, o.GetProperty("escalation_cost_usd").GetDouble(), 9);
        Assert.Equal(0.4, o.GetProperty("expected_escalations").GetDouble(), 9);
        // Latency: 1,000 × 4/12 + 10% × 1,000 = 433.3 ms for each routed request.
        Assert.Equal(6_800.0 / 7, o.GetProperty("baseline_mean_latency_ms").GetDouble(), 3);
        Assert.Equal(((4 * (1_000.0 / 3 + 100)) + 2_800) / 7, o.GetProperty("mean_latency_ms").GetDouble(), 3);
        Assert.Equal(2_000, o.GetProperty("p95_latency_ms").GetDouble());
        // Quality: (5 × 88.7 + 2 × 82) / 7 before; routed requests score 0.9 × 82 + 0.1 × 88.7 = 82.67.
        Assert.Equal(607.5 / 7, o.GetProperty("baseline_quality").GetDouble(), 3);
        Assert.Equal(((4 * 82.67) + 88.7 + 164) / 7, o.GetProperty("quality").GetDouble(), 3);
        Assert.Equal(0.01176, Assert.Single(data.GetProperty("opportunities").EnumerateArray()).GetProperty("saving_usd").GetDouble(), 9);
        Assert.Contains("routes 4 (57.1%)", result.Summary);
    }

    [Fact]
    public async Task A_models_observed_speed_counts_only_its_successful_requests_that_report_a_latency()
    {
        // A third gpt-4o-mini request without latency: with its 100 output tokens counted, mini would seem 800 / 300 ms per token.
        var harness = await new ToolHarness().SeedAsync([.. Workload(), Sample.At(7, model: "gpt-4o-mini", input: 1_000, output: 100, feature: "search")]);
        var policy = new { name = "short chat", rules = new[] { new { feature = "chat", from_model = "gpt-4o", max_input_tokens = 2_000, target_model = "gpt-4o-mini", escalate_on_failure = true } } };

        var (_, data) = await harness.RunAsync("policy_simulator", new { policy, failure_rate = 0.1 });

        // Still 1,000 × 4/12 + 10% × 1,000 per routed request, over the seven requests that report a latency.
        var o = data.GetProperty("outcome");
        Assert.Equal(6_800.0 / 7, o.GetProperty("baseline_mean_latency_ms").GetDouble(), 3);
        Assert.Equal(((4 * (1_000.0 / 3 + 100)) + 2_800) / 7, o.GetProperty("mean_latency_ms").GetDouble(), 3);
    }

    [Fact]
    public async Task The_simulator_rejects_a_policy_with_an_unknown_target()
    {
        var harness = await new ToolHarness().SeedAsync(Workload());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.RunAsync(
            "policy_simulator", new { policy = new { rules = new[] { new { target_model = "no-such-model" } } } }));

        Assert.Contains("not in the catalog", error.Message);
    }

    [Fact]
    public async Task The_proposer_routes_each_segment_under_its_quantile_to_the_cheapest_model_of_similar_quality()
    {
        var harness = await new ToolHarness().SeedAsync(Workload());

        var (_, data) = await harness.RunAsync("policy_proposer", new { failure_rate = 0.1 });

        var rules = data.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(2, rules.Count);
        // chat on gpt-4o: p90 of [1000 ×4, 5000] is 5,000, so under 5,120 (the first bin edge above it: 8 per power of two, 4,096 + 2 × 512). Within 3 points of 88.7, deepseek-chat is cheapest:
        // 9,000 × $0.27 + 500 × $1.1 per 1M = $0.00298, plus 10% × $0.0275 escalation.
        Assert.Equal(("chat", "gpt-4o", "deepseek-chat", 5_120L), (rules[0].GetProperty("feature").GetString(), rules[0].GetProperty("from_model").GetString(),
            rules[0].GetProperty("target_model").GetString(), rules[0].GetProperty("max_input_tokens").GetInt64()));
        Assert.Equal(0.0275 - 0.00298 - 0.00275, rules[0].GetProperty("saving_usd").GetDouble(), 9);
        var p50 = rules[0].GetProperty("thresholds")[0];
        Assert.Equal((1_024L, 4L, 0.8), (p50.GetProperty("max_input_tokens").GetInt64(), p50.GetProperty("requests").GetInt64(), p50.GetProperty("share_of_segment").GetDouble()));
        // search on gpt-4o-mini (82): gpt-4.1-nano (80.1) at 2,000 × $0.1 + 200 × $0.4 = $0.00028, plus 10% × $0.00042.
        Assert.Equal(("search", "gpt-4.1-nano"), (rules[1].GetProperty("feature").GetString(), rules[1].GetProperty("target_model").GetString()));
        Assert.Equal(0.00042 - 0.00028 - 0.000042, rules[1].GetProperty("saving_usd").GetDouble(), 9);

        // The emitted policy replays to the same saving in the simulator.
        var policy = JsonSerializer.Deserialize<object>(data.GetProperty("policy").GetRawText());
        var (_, simulated) = await harness.RunAsync("policy_simulator", new { policy, failure_rate = 0.1 });
        Assert.Equal(-data.GetProperty("total_saving_usd").GetDouble(), simulated.GetProperty("outcome").GetProperty("cost_change_usd").GetDouble(), 9);
    }

    [Fact]
    public async Task The_proposers_thresholds_are_the_bin_edges_above_the_exact_input_token_quantiles()
    {
        var random = new Random(11);
        var inputs = Enumerable.Range(0, 301).Select(_ => (long)random.Next(1, 20_000)).ToList();
        var harness = await new ToolHarness().SeedAsync(inputs.Select((input, i) => Sample.At(i, model: "gpt-4o", input: input, output: 100, latency: 1_000)));

        var (_, data) = await harness.RunAsync("policy_proposer", new { failure_rate = 0.1, threshold_quantile = 0.6 });

        var sorted = inputs.Select(i => (double)i).Order().ToList();
        var thresholds = Assert.Single(data.GetProperty("rules").EnumerateArray()).GetProperty("thresholds").EnumerateArray().ToList();
        Assert.Equal([0.5, 0.6, 0.75, 0.9], thresholds.Select(t => t.GetProperty("level").GetDouble()));
        Assert.All(thresholds, t => Assert.Equal(
            TokenBins.Next((long)Quantiles.NearestRank(sorted, t.GetProperty("level").GetDouble())!.Value), t.GetProperty("max_input_tokens").GetInt64()));
    }

    [Fact]
    public async Task Each_segments_thresholds_count_its_requests_of_every_status_and_no_other_segments()
    {
        var random = new Random(5);
        string[] models = ["gpt-4o", "claude-3-opus"];
        string[] statuses = ["ok", "ok", "ok", "error", "rate_limited"];
        var events = Enumerable.Range(0, 400).Select(i => Sample.At(
            i, model: models[i % 2], input: random.Next(1, 30_000), output: 100, latency: 1_000, status: statuses[random.Next(statuses.Length)],
            feature: i % 5 == 0 ? "search" : "chat")).ToList();
        var harness = await new ToolHarness().SeedAsync(events);

        var (_, data) = await harness.RunAsync("policy_proposer", new { failure_rate = 0.1, threshold_quantile = 0.75 });

        var rules = data.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(4, rules.Count); // both features on both models
        foreach (var rule in rules)
        {
            var (feature, model) = (rule.GetProperty("feature").GetString(), rule.GetProperty("from_model").GetString());
            var sorted = events.Where(e => e.Feature == feature && e.Model == model).Select(e => (double)e.InputTokens).Order().ToList();
            Assert.All(rule.GetProperty("thresholds").EnumerateArray(), t => Assert.Equal(
                TokenBins.Next((long)Quantiles.NearestRank(sorted, t.GetProperty("level").GetDouble())!.Value), t.GetProperty("max_input_tokens").GetInt64()));
        }
    }

    [Fact]
    public async Task The_optimal_proposer_picks_the_cheapest_frontier_point_that_meets_the_constraints()
    {
        var harness = await new ToolHarness().SeedAsync(Workload());

        // Quality floor: 607.5 / 7 − 1 = 85.79. deepseek-chat (88.5) for all chat traffic: $0.00298 + $0.00042, quality 606.5 / 7 = 86.64,
        // but with no observed data it is 100 / 25 = 4× slower by catalog speed: p95 8,000 ms.
        var (_, free) = await harness.RunAsync("optimal_policy_proposer", new { failure_rate = 0, quality_tolerance = 1 });
        var chosen = free.GetProperty("chosen").GetProperty("outcome");
        Assert.Equal("deepseek-chat under p90", chosen.GetProperty("policy").GetString());
        Assert.Equal(0.0034, chosen.GetProperty("cost_usd").GetDouble(), 9);
        Assert.Equal(8_000, chosen.GetProperty("p95_latency_ms").GetDouble());
        Assert.Equal(606.5 / 7, chosen.GetProperty("quality").GetDouble(), 3);

        // With p95 ≤ 3 s, gpt-4.1-mini (87.5, 100 / 75 slower): 9,000 × $0.4 + 500 × $1.6 = $0.0044, p95 2,000 × 4/3 = 2,667 ms.
        var (result, bounded) = await harness.RunAsync("optimal_policy_proposer", new { failure_rate = 0, quality_tolerance = 1, max_p95_latency_ms = 3_000, cost_reduction_target_percent = 50 });
        chosen = bounded.GetProperty("chosen").GetProperty("outcome");
        Assert.Equal("gpt-4.1-mini under p90", chosen.GetProperty("policy").GetString());
        Assert.Equal(0.00482, chosen.GetProperty("cost_usd").GetDouble(), 9);
        Assert.Equal(2_667, chosen.GetProperty("p95_latency_ms").GetDouble());
        Assert.True(bounded.GetProperty("chosen").GetProperty("cost_target_met").GetBoolean());
        var series = bounded.GetProperty("series").EnumerateArray().ToList();
        Assert.Contains(series, p => p.GetProperty("policy").GetString() == "deepseek-chat under p90" && !p.GetProperty("feasible").GetBoolean());
        Assert.Equal("gpt-4.1-mini", bounded.GetProperty("chosen").GetProperty("policy").GetProperty("rules")[0].GetProperty("target_model").GetString());
        Assert.Contains("cost target is met", result.Summary);
    }

    [Fact]
    public async Task Fallback_chains_prefer_lower_failure_rates_of_similar_quality_and_latency()
    {
        static IEnumerable<WorkloadEvent> Route(string model, string provider, int offset, int requests, params string[] failures) =>
            Enumerable.Range(0, requests).Select(i => Sample.At(offset + i, model: model, provider: provider,
                status: i < failures.Length ? failures[i] : "ok", latency: i < failures.Length ? null : provider == "azure" ? 1_200 : provider == "anthropic" ? 1_400 : 1_000));
        var harness = await new ToolHarness().SeedAsync(
        [
            .. Route("gpt-4o", "openai", 0, 10, "error", "error", "timeout"),     // 30% failures
            .. Route("gpt-4o", "azure", 100, 20, "rate_limited"),                // 5%
            .. Route("claude-3-5-sonnet", "anthropic", 200, 20, "error", "error"), // 10%
            .. Route("gpt-4o-mini", "openai", 300, 20),                          // 0%, but 82 < 88.7 − 5
        ]);

        var (result, data) = await harness.RunAsync("provider_fallback_planner");

        var plans = data.GetProperty("plans").EnumerateArray().ToDictionary(p => $"{p.GetProperty("model").GetString()} / {p.GetProperty("provider").GetString()}");
        var openai = plans["gpt-4o / openai"];
        Assert.Equal(["gpt-4o / azure", "claude-3-5-sonnet / anthropic"], openai.GetProperty("chain").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal(1 - (0.3 * 0.05 * 0.1), openai.GetProperty("availability_after").GetDouble(), 9);
        Assert.Equal(10 * (0.3 - 0.0015), openai.GetProperty("recovered_requests").GetDouble(), 6);
        Assert.Equal(["gpt-4o / azure"], plans["claude-3-5-sonnet / anthropic"].GetProperty("chain").EnumerateArray().Select(c => c.GetString()!));
        Assert.Empty(plans["gpt-4o / azure"].GetProperty("chain").EnumerateArray());
        Assert.Equal(64.0 / 70, data.GetProperty("availability_before").GetDouble(), 8);
        Assert.Equal(68.885 / 70, data.GetProperty("availability_after").GetDouble(), 8);
        Assert.Equal(2, data.GetProperty("opportunities").GetArrayLength());
        Assert.Contains("91.4%", result.Summary);
    }

    [Theory]
    [InlineData("policy_proposer")]
    [InlineData("optimal_policy_proposer")]
    [InlineData("provider_fallback_planner")]
    public async Task Routing_tools_without_requests_are_insufficient_data(string tool)
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0, dataset: "other")]);

        var (result, data) = await harness.RunAsync(tool, new { dataset = "empty" });

        Assert.True(result.InsufficientData);
        Assert.Equal(0, data.GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task The_simulator_without_requests_is_insufficient_data()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0, dataset: "other")]);

        var (result, _) = await harness.RunAsync("policy_simulator", new { dataset = "empty", policy = new { rules = new[] { new { target_model = "gpt-4o-mini" } } } });

        Assert.True(result.InsufficientData);
    }
}
