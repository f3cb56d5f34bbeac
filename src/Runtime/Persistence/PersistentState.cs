using System.Text.Json;
using Netra.Runtime.Activation;

namespace Netra.Runtime.Persistence;

/// <summary>A persistent state the activation reads before OnActivateAsync.</summary>
internal interface IActivationState
{
    Task ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The grain's view of one stored state. It serializes with System.Text.Json and leaves concurrency to the provider's
/// ETag check. A lost race deactivates the activation, even if the grain catches the exception, because the
/// activation's view of its state is stale from then on.
/// </summary>
internal sealed class PersistentState<TState>(ActivationData activation, string stateName, IGrainStorage storage, JsonSerializerOptions json)
    : IPersistentState<TState>, IActivationState where TState : new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    Task IActivationState.ReadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await storage.ReadAsync(activation.GrainId, stateName, cancellationToken);
        State = stored.Payload is { } payload ? Deserialize(payload) : new TState();
        Etag = stored.Etag;
        RecordExists = stored.Payload is not null;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, json);
        Etag = await Guard(() => storage.WriteAsync(activation.GrainId, stateName, payload, Etag, cancellationToken));
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        Etag = await Guard(() => storage.ClearAsync(activation.GrainId, stateName, Etag, cancellationToken));
        State = new TState();
        RecordExists = false;
    }

    private async Task<T> Guard<T>(Func<Task<T>> write)
    {
        try
        {
            return await write(); // inside the try: a provider may throw before it returns a task
        }
        catch (InconsistentStateException)
        {
            activation.RequestDeactivation(new(DeactivationReasonCode.InconsistentState, $"a write of state '{stateName}' lost a concurrency race"));
            throw;
        }
    }

    private TState Deserialize(ReadOnlyMemory<byte> payload) =>
        JsonSerializer.Deserialize<TState>(payload.Span, json)
            ?? throw new InvalidOperationException($"State '{stateName}' of {activation.GrainId} is stored as null.");
}
