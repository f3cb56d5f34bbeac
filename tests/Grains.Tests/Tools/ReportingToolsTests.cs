using Netra.Grains.Tests.Support;

namespace Netra.Grains.Tests.Tools;

public sealed class ReportingToolsTests
{
    [Fact]
    public async Task Criteria_read_targets_from_the_question_and_measure_current_values()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(0, model: "gpt-4o", cost: 3m, latency: 1_000),
            Sample.At(1, model: "gpt-4o", cost: 3m, latency: 3_000),
            Sample.At(2, model: "gpt-4o-mini", cost: 1m, latency: 2_000),
            Sample.At(3, model: "gpt-4o-mini", cost: 1m, latency: 9_000, status: "error"),
        ]);

        var (result, data) = await harness.RunAsync("evaluation_criteria_definer", new { question = "How do I cut costs 25% with p95 under 2.5 s and keep quality?" });

        var criteria = data.GetProperty("criteria").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        // Cost $8, target 75% of it. p95 of the successful [1000, 2000, 3000] is rank ⌈0.95 × 3⌉ = 3. Quality (2 × 88.7 + 2 × 82) / 4.
        Assert.Equal((8.0, 6.0), (criteria["cost"].GetProperty("current").GetDouble(), criteria["cost"].GetProperty("target").GetDouble()));
        Assert.Equal((3_000.0, 2_500.0), (criteria["latency"].GetProperty("current").GetDouble(), criteria["latency"].GetProperty("target").GetDouble()));
        Assert.Equal(85.35, criteria["quality"].GetProperty("current").GetDouble(), 6);
        Assert.Equal(85.35, criteria["quality"].GetProperty("target").GetDouble(), 6);
        Assert.Equal("question", criteria["cost"].GetProperty("source").GetString());
        Assert.Contains("$6.00 (25% less", result.Summary);

        var (_, defaults) = await harness.RunAsync("evaluation_criteria_definer", new { quality_tolerance = 2 });
        var held = defaults.GetProperty("criteria").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, held["cost"].GetProperty("target").ValueKind);
        Assert.Equal(3_000, held["latency"].GetProperty("target").GetDouble());
        Assert.Equal(83.35, held["quality"].GetProperty("target").GetDouble(), 6);
    }

    [Fact]
    public async Task Criteria_without_requests_are_insufficient_data()
    {
        var (result, _) = await new ToolHarness().RunAsync("evaluation_criteria_definer", new { question = "cut 10%" });

        Assert.True(result.InsufficientData);
    }

    [Fact]
    public async Task The_action_plan_ranks_opportunities_by_impact_over_effort_with_their_evidence()
    {
        var results = new object[]
        {
            new { tool = "a", data = new { opportunities = new object[] { new { title = "A1", saving_usd = 10, effort = "high" }, new { title = "A2", saving_usd = 3, effort = "low" } } } },
            new { tool = "b", data = new { opportunities = new object[] { new { title = "B1", latency_gain_ms = 4_000, effort = "medium" }, new { title = "B2", saving_usd = 4, latency_gain_ms = 2_000, effort = "medium" }, new { detail = "no title" } } } },
            new { tool = "c", data = new { total = 1 } },
        };

        var (result, data) = await new ToolHarness().RunAsync("action_plan_generator", new { results, cost_reduction_target_percent = 20, total_cost_usd = 100 });

        // Scores: A1 10 / 4 = 2.5, A2 3 / 1 = 3, B1 4 / 2 = 2, B2 (4 + 2) / 2 = 3 (tied with A2, which comes first).
        var actions = data.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(["A2", "B2", "A1", "B1"], actions.Select(a => a.GetProperty("title").GetString()!));
        Assert.Equal([1, 2, 3, 4], actions.Select(a => a.GetProperty("rank").GetInt32()));
        Assert.Equal(["a", "b", "a", "b"], actions.Select(a => a.GetProperty("evidence").GetProperty("tool").GetString()!));
        Assert.Equal(3, actions[0].GetProperty("evidence").GetProperty("finding").GetProperty("saving_usd").GetDouble());
        var goals = data.GetProperty("goals");
        Assert.Equal(17, goals.GetProperty("total_saving_usd").GetDouble());
        Assert.Equal(17, goals.GetProperty("cost_reduction_found_percent").GetDouble());
        Assert.False(goals.GetProperty("cost_target_met").GetBoolean());
        Assert.Contains("not met", result.Summary);
    }

    [Fact]
    public async Task The_action_plan_rejects_results_over_one_mebibyte_and_says_so()
    {
        var results = new[] { new { tool = "a", data = new { blob = new string('x', 1_100_000) } } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ToolHarness().RunAsync("action_plan_generator", new { results }));

        Assert.Contains("at most 1048576 (1 MiB) are accepted", error.Message);
        Assert.Contains("'results'", error.Message);
    }

    [Fact]
    public async Task The_action_plan_without_results_is_insufficient_data()
    {
        var (result, data) = await new ToolHarness().RunAsync("action_plan_generator", new { results = Array.Empty<object>() });

        Assert.True(result.InsufficientData);
        Assert.Equal(0, data.GetProperty("actions").GetArrayLength());
    }

    [Fact]
    public async Task The_report_charts_cost_by_model_and_the_daily_trend_from_the_cost_analyzers_own_rows()
    {
        var results = new object[]
        {
            new
            {
                tool = "cost_analyzer", summary = "$7.00 in all.", insufficient_data = false,
                data = new
                {
                    by_model = new[] { new { name = "gpt-4o / openai", cost_usd = 6.0 }, new { name = "gpt-4o-mini / openai", cost_usd = 1.0 } },
                    daily = new[] { new { date = "2026-11-16", cost_usd = 5.0 }, new { date = "2026-11-17", cost_usd = 2.0 } },
                    by_feature = Array.Empty<object>(),
                },
            },
        };

        var (_, data) = await new ToolHarness().RunAsync("final_report_generator", new { results, intent = "cost" });

        var charts = data.GetProperty("charts").EnumerateArray().ToList();
        Assert.Equal(["Cost by model", "Daily cost"], charts.Select(c => c.GetProperty("title").GetString()));
        Assert.Equal(6.0, charts[0].GetProperty("series")[0].GetProperty("cost_usd").GetDouble());
        Assert.Contains("### Daily cost (cost_analyzer)\n\n| date | cost_usd |\n|---|---|\n| 2026-11-16 | 5 |", data.GetProperty("markdown").GetString()!.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_report_has_the_findings_the_chart_data_and_the_ranked_actions()
    {
        var results = new object[]
        {
            new
            {
                tool = "throughput_analyzer", summary = "Throughput is steady.", insufficient_data = false,
                data = new { series = new[] { new { t = "x", v = 1 }, new { t = "y", v = 2 } }, opportunities = new[] { new { title = "Do X", saving_usd = 5, effort = "low" } } },
            },
            new { tool = "kv_cache_finder", summary = "No prefixes.", insufficient_data = true, data = new { } },
        };

        var (result, data) = await new ToolHarness().RunAsync("final_report_generator", new { results, intent = "cost", data_summary = "100 requests." });

        var markdown = data.GetProperty("markdown").GetString()!;
        Assert.StartsWith("# Where your LLM spend goes, and how to cut it", markdown);
        Assert.Contains("## Your workload\n\n100 requests.", markdown.ReplaceLineEndings("\n"));
        Assert.Contains("### throughput_analyzer\n\nThroughput is steady.", markdown.ReplaceLineEndings("\n"));
        Assert.Contains("| t | v |\n|---|---|\n| x | 1 |\n| y | 2 |", markdown.ReplaceLineEndings("\n"));
        Assert.Contains("1. **Do X** Saving: $5.00. Effort: low. Evidence: `throughput_analyzer`.", markdown);
        Assert.Equal("throughput_analyzer", Assert.Single(data.GetProperty("charts").EnumerateArray()).GetProperty("tool").GetString());
        Assert.Equal(5, data.GetProperty("total_saving_usd").GetDouble());
        Assert.Contains("2 tools ran and 1 found enough data", result.Summary);
        Assert.Contains("2 tools ran and 1 found enough data", markdown);

        var plan = new { tool = "action_plan_generator", data = new { actions = new[] { new { rank = 1, title = "Planned", effort = "high", evidence = new { tool = "x" } } }, goals = new { keep_quality = true } } };
        var (_, planned) = await new ToolHarness().RunAsync("final_report_generator", new { results = new object[] { results[0], plan }, summary = "Given summary." });
        Assert.Contains("1. **Planned** Effort: high. Evidence: `x`.", planned.GetProperty("markdown").GetString());
        Assert.Contains("Given summary.", planned.GetProperty("markdown").GetString());
        Assert.True(planned.GetProperty("goals").GetProperty("keep_quality").GetBoolean());
    }

    [Fact]
    public async Task The_report_without_results_is_insufficient_data_but_still_written()
    {
        var (result, data) = await new ToolHarness().RunAsync("final_report_generator", new { results = Array.Empty<object>(), has_data = false });

        Assert.True(result.InsufficientData);
        Assert.Contains("There is no workload data to analyse here.", data.GetProperty("markdown").GetString());
    }
}
