using System.Text.Json;
using System.Text.Json.Nodes;
using Netra.Runtime;

namespace Netra.Grains.Agents.Steps;

/// <summary>
/// Turns the tools' findings into actions ordered by impact and effort. Every action comes from an opportunity a
/// tool computed (a tool result's <c>opportunities</c>: title, detail, saving or latency gain, effort) and names
/// that tool as its evidence; nothing here invents a figure. It also checks the user's targets against the sum.
/// </summary>
public sealed class ActionsAgentGrain([PersistentState("agent")] IPersistentState<SubAgentState> state) : SubAgentGrain(state), IActionsAgentGrain
{
    private static readonly Dictionary<string, double> s_effort = new(StringComparer.Ordinal) { ["low"] = 1, ["medium"] = 2, ["high"] = 4 };

    public Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken) =>
        ExecuteOnceAsync(task, PlanAsync, cancellationToken);

    private async Task<AgentOutcome> PlanAsync(AgentTask task, CancellationToken cancellationToken)
    {
        await ThinkAsync(task, AgentNames.Actions, "rank", "Ordering what the tools found by saving and effort, each action with the result that supports it.");
        var actions = Opportunities(task)
            .OrderByDescending(a => ((a.SavingUsd ?? 0) + ((a.LatencyGainMs ?? 0) / 1000)) / s_effort.GetValueOrDefault(a.Effort, 2))
            .Select((a, i) => a with { Rank = i + 1 })
            .ToList();
        var goals = Goals(task, actions);
        var output = new JsonObject
        {
            ["actions"] = JsonSerializer.SerializeToNode(actions.Select(a => new
            {
                rank = a.Rank,
                title = a.Title,
                detail = a.Detail,
                saving_usd = a.SavingUsd,
                latency_gain_ms = a.LatencyGainMs,
                effort = a.Effort,
                evidence = a.Evidence,
            })),
            ["goals"] = goals,
        };
        var summary = actions.Count == 0
            ? "The tools found no change worth recommending on this data."
            : $"{actions.Count} actions, led by: {actions[0].Title}.";
        return new AgentOutcome(AgentNames.Actions, output.ToJsonString(), summary);
    }

    private static List<Action> Opportunities(AgentTask task)
    {
        var actions = new List<Action>();
        if (!task.Outputs.TryGetValue(AgentNames.Optimizations, out var optimizations))
        {
            return actions;
        }

        using var document = JsonDocument.Parse(optimizations);
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (!result.GetProperty("data").TryGetProperty("opportunities", out var opportunities) || opportunities.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var tool = result.GetProperty("tool").GetString()!;
            foreach (var o in opportunities.EnumerateArray())
            {
                actions.Add(new Action(
                    0,
                    o.GetProperty("title").GetString()!,
                    o.TryGetProperty("detail", out var detail) ? detail.GetString() : null,
                    Number(o, "saving_usd"),
                    Number(o, "latency_gain_ms"),
                    o.TryGetProperty("effort", out var effort) ? effort.GetString() ?? "medium" : "medium",
                    new { tool, finding = o.Clone() }));
            }
        }

        return actions;
    }

    private static JsonObject Goals(AgentTask task, List<Action> actions)
    {
        using var triage = JsonDocument.Parse(task.Outputs[AgentNames.Triage]);
        var targets = triage.RootElement.GetProperty("targets");
        var goals = new JsonObject { ["total_saving_usd"] = actions.Sum(a => a.SavingUsd ?? 0) };
        if (targets.GetProperty("cost_reduction_percent") is { ValueKind: JsonValueKind.Number } cut && TotalCost(task) is { } total and > 0)
        {
            var percent = 100 * actions.Sum(a => a.SavingUsd ?? 0) / total;
            goals["cost_reduction_target_percent"] = cut.GetDouble();
            goals["cost_reduction_found_percent"] = Math.Round(percent, 1);
            goals["cost_target_met"] = percent >= cut.GetDouble();
        }

        if (targets.GetProperty("latency_p95_ms") is { ValueKind: JsonValueKind.Number } p95)
        {
            goals["latency_p95_target_ms"] = p95.GetDouble();
        }

        goals["keep_quality"] = targets.GetProperty("keep_quality").GetBoolean();
        return goals;
    }

    /// <summary>The workload's total cost in scope, from the data step's profile, if it reported one.</summary>
    private static double? TotalCost(AgentTask task)
    {
        if (!task.Outputs.TryGetValue(AgentNames.Data, out var data))
        {
            return null;
        }

        using var document = JsonDocument.Parse(data);
        return document.RootElement.GetProperty("profile") is { ValueKind: JsonValueKind.Object } profile ? Number(profile, "total_cost_usd") : null;
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private sealed record Action(int Rank, string Title, string? Detail, double? SavingUsd, double? LatencyGainMs, string Effort, object Evidence);
}
