using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Netra.Grains.Agents.Triage;
using Netra.Grains.Llm;
using Netra.Runtime;

namespace Netra.Grains.Agents.Steps;

/// <summary>
/// Writes the markdown report and the structured result (with the data behind each chart) from the earlier steps'
/// outputs, through the <c>final_report_generator</c> tool (the one implementation of the report). Every number in it
/// comes from a tool result; the summary paragraph is worded by the language model (the deterministic default words it
/// from the same numbers), and a model's streamed text goes out as <c>agent_thinking</c>.
/// </summary>
public sealed class ReportingAgentGrain([PersistentState("agent")] IPersistentState<SubAgentState> state, ILlmClient llm)
    : SubAgentGrain(state), IReportingAgentGrain
{
    public Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken) =>
        ExecuteOnceAsync(task, WriteAsync, cancellationToken);

    private async Task<AgentOutcome> WriteAsync(AgentTask task, CancellationToken cancellationToken)
    {
        await ThinkAsync(task, AgentNames.Reporting, "write", "Writing the report from the tools' results and the ordered actions.");
        var inputs = ReportInputs.From(task);
        string markdown;
        JsonNode charts = new JsonArray();
        if (inputs.Intent is TriageIntents.Help or TriageIntents.Unanswerable)
        {
            var help = new StringBuilder();
            ReportText.WriteHelp(help, inputs.Intent);
            markdown = help.ToString();
        }
        else
        {
            var summary = await SummarizeAsync(task, inputs, cancellationToken);
            var report = await RunToolAsync(task, AgentNames.Reporting, "final_report_generator", inputs.ReportParameters(summary), cancellationToken);
            var data = JsonNode.Parse(report.DataJson)!;
            markdown = data["markdown"]!.GetValue<string>();
            charts = data["charts"]!.DeepClone();
        }

        var result = new JsonObject
        {
            ["intent"] = inputs.Intent,
            ["dataset"] = inputs.Dataset,
            ["has_data"] = inputs.HasData,
            ["tools"] = JsonSerializer.SerializeToNode(inputs.Results.Select(r => new { tool = r.Tool, summary = r.Summary, insufficient_data = r.Insufficient })),
            ["actions"] = inputs.Actions?.DeepClone(),
            ["goals"] = inputs.Goals?.DeepClone(),
            ["charts"] = charts,
        };
        var output = new JsonObject { ["markdown"] = markdown, ["result"] = result };
        return new AgentOutcome(AgentNames.Reporting, output.ToJsonString(), "The report is written.");
    }

    private async Task<string> SummarizeAsync(AgentTask task, ReportInputs inputs, CancellationToken cancellationToken)
    {
        var facts = inputs.Facts();
        var deltas = 0;
        var response = await llm.CompleteAsync(
            new LlmRequest(task.UserId, "report", [
                new LlmMessage("system", "Write one short paragraph summarising these findings for an engineering lead. Use only the numbers given."),
                new LlmMessage("user", facts),
            ], FactsJson: facts, MaxTokens: 300),
            async (delta, ct) =>
            {
                if (llm.IsModel)
                {
                    await EmitAsync(task, $"reporting:delta:{deltas++}", Events.UserEventTypes.AgentThinking, AgentNames.Reporting, new { delta });
                }
            },
            cancellationToken);
        return response.Content.Trim();
    }
}
