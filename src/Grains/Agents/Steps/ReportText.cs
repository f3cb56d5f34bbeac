using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Netra.Grains.Agents.Triage;

namespace Netra.Grains.Agents.Steps;

/// <summary>The report's markdown. Numbers are copied from tool results, never computed here.</summary>
internal static class ReportText
{
    public static void WriteHelp(StringBuilder markdown, string intent)
    {
        markdown.AppendLine(intent == TriageIntents.Help ? "# What Netra can do" : "# Netra cannot answer that from your workload data");
        if (intent == TriageIntents.Unanswerable)
        {
            markdown.AppendLine().AppendLine("Netra answers questions about your LLM requests: their cost, latency, caching, routing and capacity. "
                + "Nothing in your message is about those, so there is nothing to analyse. Questions it can answer:");
        }
        else
        {
            markdown.AppendLine().AppendLine("Netra analyses your LLM request telemetry with a supervisor and five sub-agents. Ask, for example:");
        }

        markdown.AppendLine()
            .AppendLine("- Where is my LLM spend going, and how do I cut it 30% without p95 going over 2 s?")
            .AppendLine("- What is slow in the dataset demo over the last 7 days?")
            .AppendLine("- How much would prompt caching save?")
            .AppendLine("- Which requests could go to a cheaper model without losing quality?")
            .AppendLine("- Give me an overview of my workload.");
    }

    public static void WriteAnalysis(StringBuilder markdown, ReportInputs inputs, string summary)
    {
        markdown.AppendLine(CultureInfo.InvariantCulture, $"# {Title(inputs.Intent)}").AppendLine().AppendLine(summary).AppendLine();
        markdown.AppendLine("## Your workload").AppendLine().AppendLine(inputs.DataSummary ?? "No profile was made.").AppendLine();
        if (!inputs.HasData)
        {
            markdown.AppendLine("There is no workload data to analyse here. Send events to `POST /api/workloads/events`, import a trace with "
                + "`POST /api/workloads/import`, or ask about the dataset `demo`.");
            return;
        }

        if (inputs.Results.Count > 0)
        {
            markdown.AppendLine("## What the tools found").AppendLine();
            foreach (var result in inputs.Results)
            {
                markdown.AppendLine(CultureInfo.InvariantCulture, $"### {result.Tool}").AppendLine().AppendLine(result.Summary).AppendLine();
            }
        }

        if (inputs.Unavailable.Count > 0)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"Not run, because this deployment does not have them yet: {string.Join(", ", inputs.Unavailable)}.").AppendLine();
        }

        WriteActions(markdown, inputs.Actions as JsonArray);
    }

    private static void WriteActions(StringBuilder markdown, JsonArray? actions)
    {
        markdown.AppendLine("## Actions").AppendLine();
        if (actions is null || actions.Count == 0)
        {
            markdown.AppendLine("The tools found nothing worth changing on this data.");
            return;
        }

        foreach (var action in actions)
        {
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{action!["rank"]}. **{action["title"]}**");
            if (action["detail"] is JsonValue detail)
            {
                line.Append(CultureInfo.InvariantCulture, $" {detail}");
            }

            if (action["saving_usd"] is JsonValue saving)
            {
                line.Append(CultureInfo.InvariantCulture, $" Saving: ${saving.GetValue<double>():N2}.");
            }

            if (action["latency_gain_ms"] is JsonValue gain)
            {
                line.Append(CultureInfo.InvariantCulture, $" Latency gain: {gain.GetValue<double>():N0} ms.");
            }

            line.Append(CultureInfo.InvariantCulture, $" Effort: {action["effort"]}. Evidence: `{action["evidence"]?["tool"]}`.");
            markdown.AppendLine(line.ToString());
        }
    }

    private static string Title(string intent) => intent switch
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
