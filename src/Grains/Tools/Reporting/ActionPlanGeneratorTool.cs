using Netra.Grains.Tools.Framework;

namespace Netra.Grains.Tools.Reporting;

/// <summary>
/// <c>action_plan_generator</c>: the actions of other tools' results ordered by impact and effort (<see cref="ActionPlan"/>),
/// each tied to the result that supports it, and the user's targets checked against their sum. The Actions agent
/// produces its output through this tool.
/// </summary>
public sealed class ActionPlanGeneratorTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "action_plan_generator";

    /// <inheritdoc />
    public string Category => ToolCategories.Reporting;

    /// <inheritdoc />
    public string Description =>
        "Ranks the opportunities found by other tools into actions ordered by impact (saving, latency gain) over effort, each with the tool result that supports it, "
        + "and checks the user's cost, latency and quality targets against the total.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } =
    [
        new("results", ToolParameterType.JsonArray,
            "Other tools' results, as a JSON array of {\"tool\": name, \"data\": the tool's data object}; each data's \"opportunities\" "
            + "([{title, detail, saving_usd?, latency_gain_ms?, effort}]) become actions. At most 1 MiB.") { Required = true },
        new("cost_reduction_target_percent", ToolParameterType.Number, "The cost cut the user asked for, in percent.") { Minimum = 0, Maximum = 100 },
        new("latency_p95_target_ms", ToolParameterType.Number, "The p95 latency the user asked for, in ms.") { Minimum = 0 },
        new("keep_quality", ToolParameterType.Boolean, "Whether the user asked to keep quality.") { Default = false },
        new("total_cost_usd", ToolParameterType.Number, "The workload's total cost, to express the saving as a share of it.") { Minimum = 0 },
    ];

    /// <inheritdoc />
    public Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var a = context.Arguments;
        var results = a.Json("results")!.Value;
        var actions = ActionPlan.Rank(results);
        var goals = ActionPlan.Goals(actions, a.Number("cost_reduction_target_percent"), a.Number("latency_p95_target_ms"), a.Boolean("keep_quality") == true, a.Number("total_cost_usd"));
        var data = new { definition = ActionPlan.Definition, results_considered = results.GetArrayLength(), actions, goals };
        if (results.GetArrayLength() == 0)
        {
            return Task.FromResult(ToolOutput.Insufficient("No tool results were given, so there is nothing to turn into actions.", data));
        }

        var saving = actions.Sum(x => x.SavingUsd ?? 0);
        var summary = actions.Count == 0
            ? $"The {results.GetArrayLength()} tool results hold no opportunity, so there is no change to recommend."
            : $"{actions.Count} actions from {actions.Select(x => x.Evidence.Tool).Distinct().Count()} of {results.GetArrayLength()} tool results, led by \"{actions[0].Title}\" "
                + $"({actions[0].Effort} effort, from {actions[0].Evidence.Tool}" + (actions[0].SavingUsd is { } s ? $", saving {ToolText.Usd(s)})" : ")")
                + $"; together they save {ToolText.Usd(saving)}"
                + (goals["cost_target_met"] is { } met
                    ? $", {ToolText.Number(goals["cost_reduction_found_percent"]!.GetValue<double>(), 1)}% of the cost against a {ToolText.Number(goals["cost_reduction_target_percent"]!.GetValue<double>(), 1)}% target, which is {(met.GetValue<bool>() ? "met" : "not met")}."
                    : ".");
        return Task.FromResult(new ToolOutput(summary, data));
    }
}
