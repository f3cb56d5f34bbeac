namespace Netra.Grains.Agents.Triage;

/// <summary>Which tools and stages an intent calls for: the conditional strategy.</summary>
public static class TriagePlan
{
    private static readonly Dictionary<string, string[]> s_tools = new(StringComparer.Ordinal)
    {
        [TriageIntents.Cost] = ["cost_analyzer", "cost_driver_identifier", "model_mix_analyzer", "token_waste_analyzer"],
        [TriageIntents.Latency] = ["latency_analyzer", "error_rate_analyzer", "latency_bottleneck_identifier"],
        [TriageIntents.Caching] = ["kv_cache_finder", "cache_policy_optimizer", "semantic_duplicate_finder"],
        [TriageIntents.Routing] = ["model_mix_analyzer", "cost_analyzer", "policy_proposer"],
        [TriageIntents.Capacity] = ["throughput_analyzer", "error_rate_analyzer", "rate_limit_planner", "capacity_planner"],
        [TriageIntents.Budget] = ["cost_analyzer", "cost_forecaster", "budget_monitor"],
    };

    /// <summary>The tools for <paramref name="reading"/>, most relevant first (the Optimizations step runs those that exist).</summary>
    public static List<string> Tools(TriageReading reading)
    {
        var tools = new List<string>();
        foreach (var intent in reading.SecondaryIntents.Prepend(reading.Intent))
        {
            tools.AddRange(s_tools.GetValueOrDefault(intent, []));
        }

        if (reading.Targets.LatencyP95Ms is not null)
        {
            tools.Add("latency_analyzer");
        }

        if (reading.Targets.KeepQuality || reading.Targets.CostReductionPercent is not null)
        {
            tools.Add("cost_reduction_quality_preservation");
        }

        return [.. tools.Distinct()];
    }

    /// <summary>The stages: what runs side by side, in order.</summary>
    public static List<List<string>> Stages(string intent) => intent switch
    {
        TriageIntents.Help or TriageIntents.Unanswerable => [[AgentNames.Reporting]],
        TriageIntents.Data => [[AgentNames.Data], [AgentNames.Reporting]],
        _ => [[AgentNames.Data, AgentNames.Optimizations], [AgentNames.Actions], [AgentNames.Reporting]],
    };

    /// <summary>What the supervisor tells the user it will do and why.</summary>
    public static string Explain(TriageReading reading, IReadOnlyList<string> tools)
    {
        var about = reading.Dataset is { } dataset ? $" about the dataset '{dataset}'" : "";
        var when = reading.From is { } from ? $" from {from:yyyy-MM-dd HH:mm} UTC" : "";
        var targets = new List<string>();
        if (reading.Targets.CostReductionPercent is { } cut)
        {
            targets.Add($"a {cut:0.#}% cost cut");
        }

        if (reading.Targets.LatencyP95Ms is { } p95)
        {
            targets.Add($"p95 latency under {p95:0} ms");
        }

        if (reading.Targets.KeepQuality)
        {
            targets.Add("quality no lower than now");
        }

        var goal = targets.Count > 0 ? $", with {string.Join(", ", targets)} as the goal" : "";
        return reading.Intent switch
        {
            TriageIntents.Help => "This asks what Netra can do, so the report explains it with examples; no data is needed.",
            TriageIntents.Unanswerable => "Nothing in this request can be answered from workload data, so the report says so and suggests questions that can.",
            TriageIntents.Data => $"Reading this as a question about the workload{about}{when}: profiling the data, then reporting.",
            _ => $"Reading this as a {reading.Intent} question{about}{when}{goal}. Profiling the data and running "
                + $"{string.Join(", ", tools)} side by side, then ordering actions and writing the report.",
        };
    }
}
