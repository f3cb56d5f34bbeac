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

    /// <summary>The data behind each chart: every <c>series</c> a tool returned, named after its tool.</summary>
    public IEnumerable<JsonNode> Charts()
    {
        foreach (var result in Results.Where(r => r.Data is JsonObject))
        {
            if (result.Data!["series"] is JsonNode series)
            {
                yield return new JsonObject { ["tool"] = result.Tool, ["series"] = series.DeepClone() };
            }
        }
    }
}

/// <summary>One tool's answer as the report uses it.</summary>
internal sealed record ToolFinding(string Tool, string Summary, bool Insufficient, JsonNode? Data);
