using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Persistence;

/// <summary>A persistent counter: the smallest grain whose state matters.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the counter and writes the state; returns the new value.</summary>
    Task<int> AddAsync(int amount);

    /// <summary>Adds after the gate opens, so a test can line up two writers.</summary>
    Task<int> AddWhenOpenAsync(int amount, string gate);

    Task<int> GetAsync();

    /// <summary>The state's ETag and whether storage holds a record.</summary>
    Task<(string? Etag, bool RecordExists)> GetStorageViewAsync();

    Task ClearAsync();

    /// <summary>Deactivates after this call, so the next one reads the state afresh.</summary>
    Task LeaveAsync();

    Task<Guid> GetActivationIdAsync();
}

public sealed record CounterState
{
    public int Value { get; init; }
}

public sealed class CounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> state,
    LifecycleRecorder recorder) : Grain, ICounterGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        recorder.Record(GetPrimaryKeyString(), $"deactivate:{reason.Code}");
        return Task.CompletedTask;
    }

    public async Task<int> AddAsync(int amount)
    {
        state.State = state.State with { Value = state.State.Value + amount };
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public async Task<int> AddWhenOpenAsync(int amount, string gate)
    {
        await Gates.WaitAsync(gate);
        return await AddAsync(amount);
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);

    public Task<(string? Etag, bool RecordExists)> GetStorageViewAsync() => Task.FromResult((state.Etag, state.RecordExists));

    public Task ClearAsync() => state.ClearStateAsync();

    public Task LeaveAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);
}
