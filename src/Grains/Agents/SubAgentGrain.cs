using System.Diagnostics;
using System.Text.Json;
using Netra.Grains.Events;
using Netra.Grains.Runs;
using Netra.Grains.Tools;
using Netra.Runtime;

namespace Netra.Grains.Agents;

/// <summary>
/// What every sub-agent grain shares: its input and outcome persist, so a step that completed is never run again
/// (a resumed run gets the recorded outcome), and its events and tool calls go through the run.
/// </summary>
public abstract class SubAgentGrain(IPersistentState<SubAgentState> state) : Grain
{
    /// <summary>Runs <paramref name="work"/> once for the run; later calls return the recorded outcome.</summary>
    protected async Task<AgentOutcome> ExecuteOnceAsync(
        AgentTask task, Func<AgentTask, CancellationToken, Task<AgentOutcome>> work, CancellationToken cancellationToken)
    {
        if (state.State.Outcome is { } done)
        {
            return done;
        }

        state.State = state.State with { Input = task };
        await state.WriteStateAsync(cancellationToken);
        var outcome = await work(task, cancellationToken);
        state.State = state.State with { Outcome = outcome };
        await state.WriteStateAsync(CancellationToken.None);
        return outcome;
    }

    /// <summary>Publishes an event of this run once, by its key.</summary>
    protected Task<long> EmitAsync(AgentTask task, string key, string type, string agent, object data) =>
        GrainFactory.GetGrain<IRunGrain>(task.RunId).EmitAsync(new RunEvent(key, type, agent, JsonSerializer.Serialize(data)));

    /// <summary>Says, in words, what the agent is doing and why.</summary>
    protected Task<long> ThinkAsync(AgentTask task, string agent, string key, string thought) =>
        EmitAsync(task, $"{agent}:thinking:{key}", UserEventTypes.AgentThinking, agent, new { thought });

    /// <summary>
    /// Runs a tool on any silo (the tool grain is a stateless worker), with <c>tool_executing</c> before and
    /// <c>tool_completed</c> after. A tool that throws fails the step, which the supervisor may retry.
    /// </summary>
    protected async Task<ToolResult> RunToolAsync(AgentTask task, string agent, string tool, object parameters, CancellationToken cancellationToken)
    {
        var parametersJson = JsonSerializer.Serialize(parameters);
        await EmitAsync(task, $"{agent}:tool:{tool}:executing", UserEventTypes.ToolExecuting, agent, new
        {
            tool,
            parameters = JsonSerializer.Deserialize<JsonElement>(parametersJson),
        });
        var clock = Stopwatch.StartNew();
        var result = await GrainFactory.GetGrain<IToolGrain>(IToolGrain.AnyKey)
            .RunAsync(new ToolInvocation(task.UserId, tool, parametersJson), cancellationToken);
        await EmitAsync(task, $"{agent}:tool:{tool}:completed", UserEventTypes.ToolCompleted, agent, new
        {
            tool,
            summary = result.Summary,
            insufficient_data = result.InsufficientData,
            result = JsonSerializer.Deserialize<JsonElement>(result.DataJson),
            duration_ms = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
        });
        return result;
    }

    /// <summary>
    /// Runs a tool like <see cref="RunToolAsync"/>, but a tool that refuses its parameters (one that needs what the
    /// question did not give, such as budgets) does not fail the step: its <c>tool_completed</c> carries the reason,
    /// and the result says it could not run, so the other tools' findings still reach the report.
    /// </summary>
    protected async Task<ToolResult> RunToolOrExplainAsync(AgentTask task, string agent, string tool, object parameters, CancellationToken cancellationToken)
    {
        try
        {
            return await RunToolAsync(task, agent, tool, parameters, cancellationToken);
        }
        catch (ArgumentException refused)
        {
            var data = JsonSerializer.Serialize(new { error = refused.Message });
            await EmitAsync(task, $"{agent}:tool:{tool}:completed", UserEventTypes.ToolCompleted, agent, new
            {
                tool,
                summary = $"{tool} could not run: {refused.Message}",
                insufficient_data = true,
                error = refused.Message,
            });
            return new ToolResult(tool, $"{tool} could not run: {refused.Message}", data, true, 0);
        }
    }
}

/// <summary>The stored state of a sub-agent: what it was asked and what it produced.</summary>
public sealed record SubAgentState
{
    /// <summary>The task, once started.</summary>
    public AgentTask? Input { get; init; }

    /// <summary>The outcome, once completed.</summary>
    public AgentOutcome? Outcome { get; init; }
}
