using System.Text;
using Netra.Grains.Agents.Triage;

namespace Netra.Grains.Agents.Steps;

/// <summary>
/// The help text, for requests Netra does not analyse. The analysis report itself is written by the
/// <c>final_report_generator</c> tool.
/// </summary>
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
}
