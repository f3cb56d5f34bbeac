using System.Text.Json;
using System.Text.Json.Nodes;

namespace Netra.Grains.Tools.Reporting;

/// <summary>
/// The one ranking of the tools' findings: every action is an opportunity a tool computed (a result's
/// <c>opportunities</c>: title, detail, saving_usd, latency_gain_ms, effort), ordered by impact over effort, where impact
/// = saving_usd + latency_gain_ms / 1000 (a second saved weighs as a dollar) and effort weighs low 1, medium 2, high 4
/// (unknown: medium). Ties keep the order of the results. Nothing here invents a figure.
/// </summary>
public static class ActionPlan
{
    private static readonly Dictionary<string, double> s_effort = new(StringComparer.Ordinal) { ["low"] = 1, ["medium"] = 2, ["high"] = 4 };

    /// <summary>How actions are ordered, for results and docs.</summary>
    public const string Definition =
        "Actions are the tools' opportunities, ranked by (saving_usd + latency_gain_ms / 1000) / effort weight (low 1, medium 2, high 4); ties keep the order of the results.";

    /// <summary>The ranked actions of <paramref name="results"/>, each <c>{tool, data}</c>; opportunities without a title are skipped.</summary>
    public static List<PlannedAction> Rank(JsonElement results)
    {
        var actions = new List<PlannedAction>();
        foreach (var result in results.EnumerateArray())
        {
            if (!result.TryGetProperty("tool", out var toolName) || toolName.ValueKind != JsonValueKind.String
                || !result.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("opportunities", out var opportunities) || opportunities.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var tool = toolName.GetString()!;
            foreach (var o in opportunities.EnumerateArray())
            {
                if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                actions.Add(new PlannedAction(
                    0,
                    title.GetString()!,
                    o.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString() : null,
                    Number(o, "saving_usd"),
                    Number(o, "latency_gain_ms"),
                    o.TryGetProperty("effort", out var effort) && effort.ValueKind == JsonValueKind.String ? effort.GetString()! : "medium",
                    new ActionEvidence(tool, o.Clone())));
            }
        }

        return
        [
            .. actions
                .OrderByDescending(a => ((a.SavingUsd ?? 0) + ((a.LatencyGainMs ?? 0) / 1000)) / s_effort.GetValueOrDefault(a.Effort, 2))
                .Select((a, i) => a with { Rank = i + 1 }),
        ];
    }

    /// <summary>The user's targets against the actions' sum: the saving found, and whether it meets the cost cut asked for.</summary>
    public static JsonObject Goals(IReadOnlyList<PlannedAction> actions, double? costReductionPercent, double? latencyP95Ms, bool keepQuality, double? totalCostUsd)
    {
        var saving = actions.Sum(a => a.SavingUsd ?? 0);
        var goals = new JsonObject { ["total_saving_usd"] = saving };
        if (costReductionPercent is { } cut && totalCostUsd is { } total and > 0)
        {
            var percent = 100 * saving / total;
            goals["cost_reduction_target_percent"] = cut;
            goals["cost_reduction_found_percent"] = Math.Round(percent, 1);
            goals["cost_target_met"] = percent >= cut;
        }

        if (latencyP95Ms is { } p95)
        {
            goals["latency_p95_target_ms"] = p95;
        }

        goals["keep_quality"] = keepQuality;
        return goals;
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}

/// <summary>One ranked action.</summary>
/// <param name="Rank">1 for the first.</param>
/// <param name="Title">What to do.</param>
/// <param name="Detail">Why and how, from the tool.</param>
/// <param name="SavingUsd">The saving the tool computed, if any.</param>
/// <param name="LatencyGainMs">The latency gain the tool computed, if any.</param>
/// <param name="Effort">low, medium or high.</param>
/// <param name="Evidence">The tool result that supports it.</param>
public sealed record PlannedAction(int Rank, string Title, string? Detail, double? SavingUsd, double? LatencyGainMs, string Effort, ActionEvidence Evidence);

/// <summary>The tool result behind an action.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Finding">The opportunity as the tool returned it.</param>
public sealed record ActionEvidence(string Tool, JsonElement Finding);
