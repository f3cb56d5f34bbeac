using System.Text.Json;
using Microsoft.Extensions.Options;
using Netra.Grains.Tools;
using Netra.Runtime;

namespace Netra.Grains.Agents.Steps;

/// <summary>
/// Fans out the tools Triage chose, at most <see cref="AgentOptions.MaxParallelTools"/> at once; the tool grain is a
/// stateless worker, so the calls spread over the silos. Tools this deployment does not have are named, not faked.
/// </summary>
public sealed class OptimizationsAgentGrain([PersistentState("agent")] IPersistentState<SubAgentState> state, IOptions<AgentOptions> options)
    : SubAgentGrain(state), IOptimizationsAgentGrain
{
    public Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken) =>
        ExecuteOnceAsync(task, AnalyseAsync, cancellationToken);

    private async Task<AgentOutcome> AnalyseAsync(AgentTask task, CancellationToken cancellationToken)
    {
        var wanted = WantedTools(task);
        var available = (await GrainFactory.GetGrain<IToolGrain>(IToolGrain.AnyKey).ListAsync()).Select(t => t.Name).ToHashSet();
        var tools = wanted.Where(available.Contains).ToList();
        var missing = wanted.Where(t => !available.Contains(t)).ToList();
        var scope = Scope.Of(task);
        await ThinkAsync(task, AgentNames.Optimizations, "fan-out",
            $"Running {string.Join(", ", tools)} on {scope.Describe()}, {options.Value.MaxParallelTools} at a time."
            + (missing.Count > 0 ? $" Not available yet: {string.Join(", ", missing)}." : ""));

        using var gate = new SemaphoreSlim(options.Value.MaxParallelTools);
        var results = await Task.WhenAll(tools.Select(async tool =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await RunToolOrExplainAsync(task, AgentNames.Optimizations, tool, scope.Parameters(), cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));

        var useful = results.Count(r => !r.InsufficientData);
        var output = new
        {
            results = results.Select(r => new
            {
                tool = r.Tool,
                summary = r.Summary,
                insufficient_data = r.InsufficientData,
                data = JsonSerializer.Deserialize<JsonElement>(r.DataJson),
            }),
            unavailable = missing,
        };
        return new AgentOutcome(AgentNames.Optimizations, JsonSerializer.Serialize(output), $"{useful} of {results.Length} tools found enough data to answer.");
    }

    private static List<string> WantedTools(AgentTask task)
    {
        using var triage = JsonDocument.Parse(task.Outputs[AgentNames.Triage]);
        return [.. triage.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetString()!)];
    }
}
