using Netra.Runtime;

namespace Netra.Grains.Agents;

/// <summary>One shard of the runs under way (see <see cref="IActiveRunsGrain"/>).</summary>
public sealed class ActiveRunsGrain([PersistentState("runs")] IPersistentState<ActiveRunsState> state) : Grain, IActiveRunsGrain
{
    /// <summary>The shard that lists <paramref name="runId"/>.</summary>
    public static string ShardOf(string runId) =>
        ((int)(Runtime.Placement.StableHash.Of(runId) % IActiveRunsGrain.Shards)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task AddAsync(string runId)
    {
        if (!state.State.Runs.Contains(runId))
        {
            state.State = new ActiveRunsState { Runs = [.. state.State.Runs, runId] };
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string runId)
    {
        if (state.State.Runs.Contains(runId))
        {
            state.State = new ActiveRunsState { Runs = [.. state.State.Runs.Where(r => r != runId)] };
            await state.WriteStateAsync();
        }
    }

    public Task<List<string>> ListAsync() => Task.FromResult(state.State.Runs.ToList());
}

/// <summary>The stored state of an active-runs shard.</summary>
public sealed record ActiveRunsState
{
    /// <summary>The runs under way.</summary>
    public List<string> Runs { get; init; } = [];
}
