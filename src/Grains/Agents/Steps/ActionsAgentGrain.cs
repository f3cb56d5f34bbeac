using System.Text.Json;
using System.Text.Json.Nodes;
using Netra.Runtime;

namespace Netra.Grains.Agents.Steps;

/// <summary>
/// Turns the tools' findings into actions ordered by impact and effort, through the <c>action_plan_generator</c> tool
/// (the one implementation of the ranking): every action comes from an opportunity a tool computed and names that tool
/// as its evidence; nothing here invents a figure. The tool also checks the user's targets against the sum.
/// </summary>
public sealed class ActionsAgentGrain([PersistentState("agent")] IPersistentState<SubAgentState> state) : SubAgentGrain(state), IActionsAgentGrain
{
    private const string Tool = "action_plan_generator";

    public Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken) =>
        ExecuteOnceAsync(task, PlanAsync, cancellationToken);

    private async Task<AgentOutcome> PlanAsync(AgentTask task, CancellationToken cancellationToken)
    {
        await ThinkAsync(task, AgentNames.Actions, "rank", "Ordering what the tools found by saving and effort, each action with the result that supports it.");
        var result = await RunToolAsync(task, AgentNames.Actions, Tool, Parameters(task), cancellationToken);
        var data = JsonNode.Parse(result.DataJson)!;
        var actions = data["actions"]!.AsArray();
        var output = new JsonObject
        {
            ["actions"] = actions.DeepClone(),
            ["goals"] = data["goals"]!.DeepClone(),
        };
        var summary = actions.Count == 0
            ? "The tools found no change worth recommending on this data."
            : $"{actions.Count} actions, led by: {actions[0]!["title"]!.GetValue<string>()}.";
        return new AgentOutcome(AgentNames.Actions, output.ToJsonString(), summary);
    }

    /// <summary>The tool's parameters: the Optimizations step's results as {tool, data}, and the targets Triage read.</summary>
    private static Dictionary<string, object> Parameters(AgentTask task)
    {
        var results = new JsonArray();
        if (task.Outputs.TryGetValue(AgentNames.Optimizations, out var optimizations))
        {
            foreach (var r in JsonNode.Parse(optimizations)!["results"]!.AsArray())
            {
                results.Add(new JsonObject { ["tool"] = r!["tool"]!.DeepClone(), ["data"] = r["data"]?.DeepClone() });
            }
        }

        var parameters = new Dictionary<string, object> { ["results"] = results };
        using var triage = JsonDocument.Parse(task.Outputs[AgentNames.Triage]);
        var targets = triage.RootElement.GetProperty("targets");
        if (targets.GetProperty("cost_reduction_percent") is { ValueKind: JsonValueKind.Number } cut)
        {
            parameters["cost_reduction_target_percent"] = cut.GetDouble();
        }

        if (targets.GetProperty("latency_p95_ms") is { ValueKind: JsonValueKind.Number } p95)
        {
            parameters["latency_p95_target_ms"] = p95.GetDouble();
        }

        parameters["keep_quality"] = targets.GetProperty("keep_quality").GetBoolean();
        if (TotalCost(task) is { } total)
        {
            parameters["total_cost_usd"] = total;
        }

        return parameters;
    }

    /// <summary>The workload's total cost in scope, from the data step's profile, if it reported one.</summary>
    private static double? TotalCost(AgentTask task)
    {
        if (!task.Outputs.TryGetValue(AgentNames.Data, out var data))
        {
            return null;
        }

        using var document = JsonDocument.Parse(data);
        return document.RootElement.GetProperty("profile") is { ValueKind: JsonValueKind.Object } profile
            && profile.TryGetProperty("total_cost_usd", out var total) && total.ValueKind == JsonValueKind.Number && total.GetDouble() >= 0
            ? total.GetDouble()
            : null;
    }
}
