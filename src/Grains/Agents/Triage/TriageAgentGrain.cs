using System.Text.Json;
using Netra.Grains.Llm;
using Netra.Runtime;

namespace Netra.Grains.Agents.Triage;

/// <summary>
/// Reads the request: intent, parameters, targets, and so which steps and tools run. With a model configured the
/// model does this against a JSON schema; the deterministic parser is the default and the fallback.
/// </summary>
public sealed class TriageAgentGrain(
    [PersistentState("agent")] IPersistentState<SubAgentState> state, ILlmClient llm, TimeProvider time)
    : SubAgentGrain(state), ITriageAgentGrain
{
    public Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken) =>
        ExecuteOnceAsync(task, TriageAsync, cancellationToken);

    private async Task<AgentOutcome> TriageAsync(AgentTask task, CancellationToken cancellationToken)
    {
        await ThinkAsync(task, AgentNames.Triage, "reading", "Reading the request: what is asked, about which data, and with what targets.");
        var reading = await ReadAsync(task, cancellationToken);
        var tools = TriagePlan.Tools(reading);
        var output = new
        {
            intent = reading.Intent,
            answerable = reading.Intent != TriageIntents.Unanswerable,
            confidence = reading.Confidence,
            dataset = reading.Dataset,
            from = reading.From,
            to = reading.To,
            models = reading.Models,
            features = reading.Features,
            targets = new
            {
                cost_reduction_percent = reading.Targets.CostReductionPercent,
                latency_p95_ms = reading.Targets.LatencyP95Ms,
                keep_quality = reading.Targets.KeepQuality,
            },
            tools,
            stages = TriagePlan.Stages(reading.Intent),
            explanation = TriagePlan.Explain(reading, tools),
        };
        return new AgentOutcome(AgentNames.Triage, JsonSerializer.Serialize(output), output.explanation);
    }

    private async Task<TriageReading> ReadAsync(AgentTask task, CancellationToken cancellationToken)
    {
        var parsed = TriageParser.Parse(task.Message, time.GetUtcNow());
        if (!llm.IsModel)
        {
            return parsed;
        }

        try
        {
            var response = await llm.CompleteAsync(
                new LlmRequest(task.UserId, "triage", [
                    new LlmMessage("system", TriagePrompt.System),
                    new LlmMessage("user", task.Message),
                ], ResponseSchemaJson: TriagePrompt.Schema),
                onDelta: null,
                cancellationToken);
            return TriagePrompt.Read(response.Content, parsed);
        }
        catch (Exception exception) when (exception is LlmException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await ThinkAsync(task, AgentNames.Triage, "fallback", "The language model did not give a usable reading, so the built-in parser read the request.");
            return parsed;
        }
    }
}
