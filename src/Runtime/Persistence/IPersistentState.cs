namespace Netra.Runtime;

/// <summary>
/// A grain's persistent state. Injected into the grain's constructor with <see cref="PersistentStateAttribute"/>, and
/// read before <see cref="Grain.OnActivateAsync"/>. Writes are optimistic: a write that finds a newer stored version
/// throws <see cref="InconsistentStateException"/> and deactivates the activation.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    /// <summary>The state. A new <typeparamref name="TState"/> until one is stored.</summary>
    TState State { get; set; }

    /// <summary>The stored version this activation last read or wrote; null when nothing is stored.</summary>
    string? Etag { get; }

    /// <summary>Whether storage holds a record for this grain.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the state from storage, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/> if storage still holds <see cref="Etag"/>.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored state if storage still holds <see cref="Etag"/>, and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>.</summary>
/// <param name="stateName">The state's name, unique within the grain class.</param>
/// <param name="storageName">The storage provider's name; "Default" when omitted.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The state's name.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name.</summary>
    public string? StorageName { get; } = storageName;
}
