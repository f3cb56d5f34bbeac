using System.Text.Json;
using Netra.Grains.Tools.Framework;

namespace Netra.Grains.Tools.Reporting;

/// <summary>
/// <c>final_report_generator</c>: the markdown report (<see cref="ReportMarkdown"/>) from other tools' results: a
/// summary, each tool's findings, a table of the data behind each chart (every result's <c>series</c>) and the actions.
/// The actions are those of an <c>action_plan_generator</c> result when one is given, else the results' opportunities
/// ranked by <see cref="ActionPlan"/>. The Reporting agent writes its report through this tool.
/// </summary>
public sealed class FinalReportGeneratorTool : IAnalysisTool
{
    private const string ActionPlanTool = "action_plan_generator";

    /// <inheritdoc />
    public string Name => "final_report_generator";

    /// <inheritdoc />
    public string Category => ToolCategories.Reporting;

    /// <inheritdoc />
    public string Description =>
        "Writes the markdown report from other tools' results: a summary, what each tool found, tables of the data behind each chart, and the ranked actions "
        + "(from an action_plan_generator result, or ranked from the results' opportunities).";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } =
    [
        new("results", ToolParameterType.JsonArray,
            "Other tools' results, as a JSON array of {\"tool\": name, \"summary\": text, \"insufficient_data\": bool, \"data\": the tool's data object}; "
            + "an action_plan_generator result supplies the actions. At most 1 MiB.") { Required = true },
        new("intent", ToolParameterType.String, "What the user asked about (cost, latency, caching, routing, capacity, budget or data_question); sets the title."),
        new("summary", ToolParameterType.String, "The report's opening paragraph; by default one worded from the results' numbers.") { MaxLength = 8_000 },
        new("data_summary", ToolParameterType.String, "A paragraph describing the workload, such as workload_profiler's summary.") { MaxLength = 8_000 },
        new("has_data", ToolParameterType.Boolean, "Whether there is workload data; without it the report says how to add some.") { Default = true },
        new("unavailable", ToolParameterType.StringList, "Tools that were wanted but this deployment does not have."),
    ];

    /// <inheritdoc />
    public Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var a = context.Arguments;
        var results = a.Json("results")!.Value.EnumerateArray()
            .Where(r => r.TryGetProperty("tool", out var t) && t.ValueKind == JsonValueKind.String)
            .ToList();
        var plan = results.LastOrDefault(r => r.GetProperty("tool").GetString() == ActionPlanTool);
        var findings = results.Where(r => r.GetProperty("tool").GetString() != ActionPlanTool).ToList();
        var findingViews = findings.Select(r => new ReportFinding(
            r.GetProperty("tool").GetString()!,
            r.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "",
            r.TryGetProperty("insufficient_data", out var i) && i.ValueKind == JsonValueKind.True)).ToList();
        var charts = ReportCharts.Of(findings);
        JsonElement? goals = null;
        List<JsonElement> actions;
        if (plan.ValueKind == JsonValueKind.Object && plan.TryGetProperty("data", out var planData) && planData.ValueKind == JsonValueKind.Object
            && planData.TryGetProperty("actions", out var planned) && planned.ValueKind == JsonValueKind.Array)
        {
            actions = [.. planned.EnumerateArray().Select(x => x.Clone())];
            goals = planData.TryGetProperty("goals", out var g) ? g.Clone() : null;
        }
        else
        {
            actions = [.. ActionPlan.Rank(JsonSerializer.SerializeToElement(findings)).Select(x => JsonSerializer.SerializeToElement(x, ToolJson.Options))];
        }

        var saving = actions.Sum(x => x.TryGetProperty("saving_usd", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0);
        var useful = findingViews.Count(f => !f.InsufficientData);
        var worded = $"{findingViews.Count} tools ran and {useful} found enough data to answer; they support {actions.Count} actions"
            + (actions.Count > 0 ? $", led by \"{actions[0].GetProperty("title").GetString()}\", worth {ToolText.Usd(saving)} together." : ".");
        var markdown = ReportMarkdown.Write(new ReportParts(
            a.String("intent"), a.String("summary") ?? worded, a.String("data_summary"), a.Boolean("has_data") != false, findingViews,
            a.StringList("unavailable") ?? [], charts, actions));
        var data = new
        {
            markdown,
            tools = findingViews,
            actions,
            goals,
            charts = charts.Select(c => new { tool = c.Tool, title = c.Title, field = c.Field, series = c.Series }).ToList(),
            total_saving_usd = ToolText.Round(saving),
        };

        // With no results the report still says what there is (the workload, or how to add some), but it is flagged.
        return Task.FromResult(findings.Count == 0 && plan.ValueKind != JsonValueKind.Object
            ? ToolOutput.Insufficient("No tool results were given, so the report has no findings or actions to show.", data)
            : new ToolOutput(worded, data));
    }
}
