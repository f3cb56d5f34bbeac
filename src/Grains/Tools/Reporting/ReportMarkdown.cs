using System.Globalization;
using System.Text;
using System.Text.Json;
using Netra.Grains.Agents.Triage;

namespace Netra.Grains.Tools.Reporting;

/// <summary>The report's markdown, written only from the tools' results: numbers are copied, never computed here.</summary>
internal static class ReportMarkdown
{
    private const int MaxChartRows = 200;

    /// <summary>The analysis report.</summary>
    public static string Write(ReportParts parts)
    {
        var markdown = new StringBuilder();
        markdown.AppendLine(CultureInfo.InvariantCulture, $"# {Title(parts.Intent)}").AppendLine().AppendLine(parts.Summary).AppendLine();
        markdown.AppendLine("## Your workload").AppendLine().AppendLine(parts.DataSummary ?? "No profile was made.").AppendLine();
        if (!parts.HasData)
        {
            markdown.AppendLine("There is no workload data to analyse here. Send events to `POST /api/workloads/events`, import a trace with "
                + "`POST /api/workloads/import`, or ask about the dataset `demo`.");
            return markdown.ToString();
        }

        if (parts.Findings.Count > 0)
        {
            markdown.AppendLine("## What the tools found").AppendLine();
            foreach (var finding in parts.Findings)
            {
                markdown.AppendLine(CultureInfo.InvariantCulture, $"### {finding.Tool}").AppendLine().AppendLine(finding.Summary).AppendLine();
            }
        }

        if (parts.Unavailable.Count > 0)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"Not run, because this deployment does not have them yet: {string.Join(", ", parts.Unavailable)}.").AppendLine();
        }

        WriteCharts(markdown, parts.Charts);
        WriteActions(markdown, parts.Actions);
        return markdown.ToString();
    }

    private static void WriteCharts(StringBuilder markdown, IReadOnlyList<ReportChart> charts)
    {
        if (charts.Count == 0)
        {
            return;
        }

        markdown.AppendLine("## Data behind the charts").AppendLine();
        foreach (var chart in charts)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"### {chart.Title} ({chart.Tool})").AppendLine();
            var rows = chart.Series.ValueKind == JsonValueKind.Array ? chart.Series.EnumerateArray().ToList() : [];
            if (rows.Count == 0 || rows.Any(r => r.ValueKind != JsonValueKind.Object))
            {
                markdown.AppendLine("```json").AppendLine(chart.Series.GetRawText()).AppendLine("```").AppendLine();
                continue;
            }

            var columns = rows.SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Distinct().ToList();
            markdown.AppendLine("| " + string.Join(" | ", columns) + " |").AppendLine("|" + string.Concat(columns.Select(_ => "---|")));
            foreach (var row in rows.Take(MaxChartRows))
            {
                markdown.AppendLine("| " + string.Join(" | ", columns.Select(c => row.TryGetProperty(c, out var v) ? Cell(v) : "")) + " |");
            }

            if (rows.Count > MaxChartRows)
            {
                markdown.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"The first {MaxChartRows} of {rows.Count} rows; the result's chart data has them all.");
            }

            markdown.AppendLine();
        }
    }

    private static void WriteActions(StringBuilder markdown, IReadOnlyList<JsonElement> actions)
    {
        markdown.AppendLine("## Actions").AppendLine();
        if (actions.Count == 0)
        {
            markdown.AppendLine("The tools found nothing worth changing on this data.");
            return;
        }

        foreach (var action in actions)
        {
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Text(action, "rank")}. **{Text(action, "title")}**");
            if (action.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                line.Append(CultureInfo.InvariantCulture, $" {detail.GetString()}");
            }

            if (action.TryGetProperty("saving_usd", out var saving) && saving.ValueKind == JsonValueKind.Number)
            {
                line.Append(CultureInfo.InvariantCulture, $" Saving: ${saving.GetDouble():N2}.");
            }

            if (action.TryGetProperty("latency_gain_ms", out var gain) && gain.ValueKind == JsonValueKind.Number)
            {
                line.Append(CultureInfo.InvariantCulture, $" Latency gain: {gain.GetDouble():N0} ms.");
            }

            var tool = action.TryGetProperty("evidence", out var evidence) && evidence.ValueKind == JsonValueKind.Object ? Text(evidence, "tool") : "";
            line.Append(CultureInfo.InvariantCulture, $" Effort: {Text(action, "effort")}. Evidence: `{tool}`.");
            markdown.AppendLine(line.ToString());
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText() : "";

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Replace("|", "\\|", StringComparison.Ordinal),
        JsonValueKind.Null => "",
        _ => value.GetRawText().Replace("|", "\\|", StringComparison.Ordinal),
    };

    private static string Title(string? intent) => intent switch
    {
        TriageIntents.Cost => "Where your LLM spend goes, and how to cut it",
        TriageIntents.Latency => "What is slow, and how to speed it up",
        TriageIntents.Caching => "What caching would save",
        TriageIntents.Routing => "Which model should serve what",
        TriageIntents.Capacity => "Throughput and capacity",
        TriageIntents.Budget => "Spend against budget",
        _ => "Your workload",
    };
}

/// <summary>What the report is written from.</summary>
internal sealed record ReportParts(
    string? Intent, string Summary, string? DataSummary, bool HasData, IReadOnlyList<ReportFinding> Findings, IReadOnlyList<string> Unavailable,
    IReadOnlyList<ReportChart> Charts, IReadOnlyList<JsonElement> Actions);

/// <summary>One tool's answer in the report.</summary>
internal sealed record ReportFinding(string Tool, string Summary, bool InsufficientData);

/// <summary>The data behind one chart: rows of a tool's result (<paramref name="Field"/>, such as <c>series</c> or <c>by_model</c>).</summary>
internal sealed record ReportChart(string Tool, JsonElement Series, string Title, string Field);
