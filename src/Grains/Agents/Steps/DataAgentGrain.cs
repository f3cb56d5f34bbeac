using System.Text.Json;
using Netra.Runtime;

namespace Netra.Grains.Agents.Steps;

/// <summary>Profiles the workload the request is about (the <c>workload_profiler</c> tool), and says when there is none.</summary>
public sealed class DataAgentGrain([PersistentState("agent")] IPersistentState<SubAgentState> state) : SubAgentGrain(state), IDataAgentGrain
{
    public Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken) =>
        ExecuteOnceAsync(task, ProfileAsync, cancellationToken);

    private async Task<AgentOutcome> ProfileAsync(AgentTask task, CancellationToken cancellationToken)
    {
        var scope = Scope.Of(task);
        await ThinkAsync(task, AgentNames.Data, "profile", $"Profiling {scope.Describe()}: counts, time range, models, features, tokens and latency.");
        var profile = await RunToolAsync(task, AgentNames.Data, "workload_profiler", scope.Parameters(), cancellationToken);
        var output = new
        {
            has_data = !profile.InsufficientData,
            dataset = scope.Dataset,
            summary = profile.Summary,
            profile = JsonSerializer.Deserialize<JsonElement>(profile.DataJson),
        };
        return new AgentOutcome(AgentNames.Data, JsonSerializer.Serialize(output), profile.Summary);
    }
}

/// <summary>The data a request is about, from Triage's output: dataset and time range.</summary>
internal sealed record Scope(string? Dataset, DateTimeOffset? From, DateTimeOffset? To)
{
    public static Scope Of(AgentTask task)
    {
        using var triage = JsonDocument.Parse(task.Outputs[AgentNames.Triage]);
        var root = triage.RootElement;
        return new Scope(
            root.TryGetProperty("dataset", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
            root.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.String ? f.GetDateTimeOffset() : null,
            root.TryGetProperty("to", out var t) && t.ValueKind == JsonValueKind.String ? t.GetDateTimeOffset() : null);
    }

    /// <summary>The parameters every tool takes: dataset and time range, when given.</summary>
    public Dictionary<string, object> Parameters()
    {
        var parameters = new Dictionary<string, object>();
        if (Dataset is not null)
        {
            parameters["dataset"] = Dataset;
        }

        if (From is not null)
        {
            parameters["from"] = From.Value;
        }

        if (To is not null)
        {
            parameters["to"] = To.Value;
        }

        return parameters;
    }

    public string Describe() =>
        (Dataset is null ? "all of your workload data" : $"the dataset '{Dataset}'") + (From is { } from ? $" since {from:yyyy-MM-dd HH:mm} UTC" : "");
}
