using System.Text.Json.Nodes;

namespace Netra.Grains.Agents.Steps;

/// <summary>What the report is made from, read out of the earlier steps' outputs.</summary>
internal sealed record ReportInputs(
    string Intent, string? Dataset, bool HasData, string? DataSummary, IReadOnlyList<ToolFinding> Results, JsonNode? Actions,
    JsonNode? Goals, IReadOnlyList<string> Unavailable)
{
    public static ReportInputs From(AgentTask task)
    {
        var triage = JsonNode.Parse(task.Outputs[AgentNames.Triage])!;
        var data = task.Outputs.TryGetValue(AgentNames.Data, out var d) ? JsonNode.Parse(d) : null;
        var optimizations = task.Outputs.TryGetValue(AgentNames.Optimizations, out var o) ? JsonNode.Parse(o) : null;
        var actions = task.Outputs.TryGetValue(AgentNames.Actions, out var a) ? JsonNode.Parse(a) : null;
        var results = optimizations?["results"]?.AsArray().Select(r => new ToolFinding(
            r!["tool"]!.GetValue<string>(), r["summary"]!.GetValue<string>(), r["insufficient_data"]!.GetValue<bool>(), r["data"])).ToList() ?? [];
        return new ReportInputs(
            triage["intent"]!.GetValue<string>(),
            triage["dataset"]?.GetValue<string>(),
            data?["has_data"]?.GetValue<bool>() ?? false,
            data?["summary"]?.GetValue<string>(),
            results,
            actions?["actions"],
            actions?["goals"],
            optimizations?["unavailable"]?.AsArray().Select(u => u!.GetValue<string>()).ToList() ?? []);
    }

    /// <summary>The numbers the summary paragraph may use, as JSON.</summary>
    public string Facts()
    {
        var facts = new JsonObject
        {
            ["intent"] = Intent,
            ["dataset"] = Dataset ?? "all",
            ["has_data"] = HasData,
            ["tools_run"] = Results.Count,
            ["tools_with_findings"] = Results.Count(r => !r.Insufficient),
            ["actions"] = Actions is JsonArray list ? list.Count : 0,
        };
        if (Actions is JsonArray { Count: > 0 } ranked)
        {
            facts["top_action"] = ranked[0]!["title"]?.DeepClone();
        }

        if (Goals is JsonObject goals)
        {
            foreach (var (key, value) in goals)
            {
                facts[key] = value?.DeepClone();
            }
        }

        return facts.ToJsonString();
    }

    /// <summary>
    /// The parameters of <c>final_report_generator</c>: the tools' results, the action plan as an
    /// <c>action_plan_generator</c> result, the workload's description and the summary paragraph.
    /// </summary>
    public Dictionary<string, object> ReportParameters(string summary)
    {
        var results = new JsonArray([.. Results.Select(r => (JsonNode)new JsonObject
        {
            ["tool"] = r.Tool,
            ["summary"] = r.Summary,
            ["insufficient_data"] = r.Insufficient,
            ["data"] = r.Data?.DeepClone(),
        })]);
        // Always an action plan, empty when the Actions step did not run, so the report lists exactly the result's actions.
        results.Add(new JsonObject
        {
            ["tool"] = "action_plan_generator",
            ["data"] = new JsonObject { ["actions"] = Actions?.DeepClone() ?? new JsonArray(), ["goals"] = Goals?.DeepClone() },
        });

        var parameters = new Dictionary<string, object> { ["results"] = results, ["intent"] = Intent, ["has_data"] = HasData };
        if (!string.IsNullOrWhiteSpace(summary))
        {
            parameters["summary"] = summary;
        }

        if (!string.IsNullOrWhiteSpace(DataSummary))
        {
            parameters["data_summary"] = DataSummary;
        }

        if (Unavailable.Count > 0)
        {
            parameters["unavailable"] = Unavailable;
        }

        return parameters;
    }
}

/// <summary>One tool's answer as the report uses it.</summary>
internal sealed record ToolFinding(string Tool, string Summary, bool Insufficient, JsonNode? Data);
