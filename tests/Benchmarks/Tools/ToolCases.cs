using System.Text.Json.Nodes;
using Netra.Grains.Tools;

namespace Netra.Benchmarks.Tools;

/// <summary>
/// The arguments each tool gets in the benchmark, as an agent would send them: the dataset, plus what the tool needs
/// to say something (a what-if, a budget). The tools that take other tools' results (policy_simulator,
/// action_plan_generator, final_report_generator) get the results of this run's earlier tools.
/// </summary>
public static class ToolCases
{
    /// <summary>The tools in the order they run; later ones read earlier results.</summary>
    public static IReadOnlyList<string> Order { get; } =
    [
        .. ToolServiceCollectionExtensions.All.Select(t => t.Name)
            .Where(n => n is not ("policy_simulator" or "action_plan_generator" or "final_report_generator")),
        "policy_simulator", "action_plan_generator", "final_report_generator",
    ];

    /// <summary>The parameters JSON of <paramref name="tool"/> over <paramref name="dataset"/>, given earlier <paramref name="results"/>.</summary>
    public static string Parameters(string tool, string dataset, IReadOnlyDictionary<string, ToolResult> results)
    {
        var p = new JsonObject { ["dataset"] = dataset };
        switch (tool)
        {
            case "cost_impact_simulator":
                p["from_model"] = "claude-3-opus";
                p["to_model"] = "claude-3-5-sonnet";
                break;
            case "budget_monitor":
                p["monthly_budget_usd"] = 5_000;
                break;
            case "performance_gains_simulator":
                p["scenario"] = "smaller_model";
                p["model"] = "gpt-4o";
                p["target_model"] = "gpt-4o-mini";
                break;
            case "supply_catalog_search":
                p = new JsonObject { ["kind"] = "model", ["sort_by"] = "price" };
                break;
            case "policy_simulator":
                p["policy"] = JsonNode.Parse(results["policy_proposer"].DataJson)!["policy"]!.DeepClone();
                break;
            case "action_plan_generator":
                p = new JsonObject { ["results"] = Results(results, withSummary: false), ["cost_reduction_target_percent"] = 20 };
                break;
            case "final_report_generator":
                p = new JsonObject { ["results"] = Results(results, withSummary: true), ["intent"] = "cost" };
                break;
            default:
                break;
        }

        return p.ToJsonString();
    }

    private static JsonArray Results(IReadOnlyDictionary<string, ToolResult> results, bool withSummary)
    {
        string[] picked = withSummary
            ? ["workload_profiler", "cost_analyzer", "latency_analyzer", "policy_proposer", "cache_policy_optimizer", "action_plan_generator"]
            : ["cost_driver_identifier", "token_waste_analyzer", "policy_proposer", "kv_cache_finder", "cache_policy_optimizer", "semantic_duplicate_finder"];
        var array = new JsonArray();
        foreach (var name in picked.Where(results.ContainsKey))
        {
            var item = new JsonObject { ["tool"] = name, ["data"] = JsonNode.Parse(results[name].DataJson) };
            if (withSummary)
            {
                item["summary"] = results[name].Summary;
                item["insufficient_data"] = results[name].InsufficientData;
            }

            array.Add(item);
        }

        return array;
    }
}
